package dev.dbrestore.sanitize;

import java.util.List;

/**
 * What a sanitization did, for the log and the JSON report: plain records, lists and strings.
 *
 * @param hash                       {@link SanitizeHash} of the files and rules that ran
 * @param steps                      each SQL file, each mask rule, the materialized view refresh
 * @param verifications              one per {@code verify:} query, in order
 * @param piiCheck                   the mode the PII check ran in ({@code warn}, {@code fail}, {@code off}, {@code strict})
 * @param piiFindings                columns (and large objects) the PII check reports
 * @param refreshedMaterializedViews rebuilt from the sanitized tables (they held copies of the raw data)
 */
public record SanitizeResult(String hash, List<Step> steps, List<Verification> verifications, String piiCheck,
                             List<PiiFinding> piiFindings, List<String> refreshedMaterializedViews) {

    /** One timed step. {@code rows}: rows changed (sum of update counts). */
    public record Step(String name, long durationMs, long rows, String detail) {
    }

    /**
     * One verify query's outcome. {@code offendingRows} is the number of rows returned (or the
     * count the query returned); {@code examples} are the first offending values redacted to their
     * shape ({@code j***@e******.com}); {@code error} is set when the query itself failed.
     */
    public record Verification(String query, boolean passed, long offendingRows, List<String> examples,
                               String error, long durationMs) {
    }

    /**
     * A column left as it was that looks personal ({@code reason} names why), with the number of
     * non-null values it holds. {@code table} is {@code schema.table}; {@code column} is
     * {@code null} for the finding about large objects.
     */
    public record PiiFinding(String table, String column, String type, String reason, long nonNullValues) {
    }

    public boolean verificationsPassed() {
        return verifications.stream().allMatch(Verification::passed);
    }
}
