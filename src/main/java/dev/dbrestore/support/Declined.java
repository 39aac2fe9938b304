package dev.dbrestore.support;

/**
 * The user answered "no" at a prompt: nothing was done, on purpose. Not a failure of the build's
 * making, so the goals end with the message as an info line rather than BUILD FAILURE.
 */
public class Declined extends UserError {
    public Declined(String message) {
        super(message);
    }
}
