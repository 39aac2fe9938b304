package dev.dbrestore.support;

/**
 * Base of every exception the core throws. Its message is meant for a person: it says what is
 * wrong and what to do, and it has already been through {@link Redactor} (no secrets, no row
 * values); so has every message of its cause chain ({@link RowValues#inCauseChain}).
 */
public abstract class DbRestoreException extends RuntimeException {
    protected DbRestoreException(String message, Throwable cause) {
        super(Redactor.redact(message), RowValues.inCauseChain(cause));
    }
}
