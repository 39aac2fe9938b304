package dev.dbrestore.support;

/** Something the user can fix: bad configuration, a target that exists, a failed verification. */
public class UserError extends DbRestoreException {
    public UserError(String message) {
        super(message, null);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
