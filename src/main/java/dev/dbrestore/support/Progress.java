package dev.dbrestore.support;

/**
 * Where the core reports what it does. The Maven goals adapt it to {@code getLog()}; tests record
 * it. Every message is redacted before it reaches the sink.
 */
public interface Progress {
    void info(String message);

    void warn(String message);

    void debug(String message);

    /** True when a person watches a terminal (Maven interactive mode), false in batch mode. */
    default boolean interactive() {
        return false;
    }

    /** A Progress that forgets everything. */
    static Progress silent() {
        return new Progress() {
            @Override public void info(String message) { }
            @Override public void warn(String message) { }
            @Override public void debug(String message) { }
        };
    }
}
