package dev.dbrestore.sanitize;

import dev.dbrestore.support.UserError;

/** Sanitization, verification or the PII check failed; carries what ran so far for the report. */
public final class SanitizeFailed extends UserError {
    private final transient SanitizeResult result;

    public SanitizeFailed(String message, SanitizeResult result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    public SanitizeResult result() {
        return result;
    }
}
