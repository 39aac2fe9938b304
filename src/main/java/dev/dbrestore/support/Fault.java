package dev.dbrestore.support;

/** Something went wrong that the user did not cause directly: I/O, a crashed tool, a server error. */
public class Fault extends DbRestoreException {
    public Fault(String message) {
        super(message, null);
    }

    public Fault(String message, Throwable cause) {
        super(message, cause);
    }
}
