package dev.dbrestore.support;

/**
 * Receives the raw value of a masked column as the masking reads it (the UPDATE path reads each
 * masked column just before its UPDATE; a stream path can feed the values it masks in the COPY
 * stream), so that the leak scan can look for copies of it elsewhere. An implementation keeps no
 * value and logs none: it keeps keyed fingerprints only.
 */
public interface MaskedValueSink {

    /** Takes nothing: the leak scan is off. */
    MaskedValueSink NONE = (rule, value) -> { };

    /**
     * @param rule  the masked column as the report names it, e.g. {@code public.auth_user.email}
     * @param value its raw value; null is ignored
     */
    void rawValue(String rule, String value);
}
