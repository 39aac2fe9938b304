package dev.dbrestore.sanitize;

/**
 * One problem {@code validate} found in a profile's sanitization, for the build log and tools.
 *
 * @param kind    {@code yaml}, {@code schema}, {@code sanitize-file}, {@code mask-rule}, {@code safe-columns},
 *                {@code unmasked-column}, {@code large-objects} or {@code verify-query}
 * @param subject what it is about: a file, {@code schema.table.column}, {@code verify[2]}
 * @param message what is wrong and what to do, without any row value
 */
public record RuleFinding(String kind, String subject, String message) {

    /** The one line the build prints for it. */
    public String line() {
        return kind + ": " + subject + ": " + message;
    }
}
