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
 * @param leakScan                   what the leak scan found (see {@link LeakScanResult})
 */
public record SanitizeResult(String hash, List<Step> steps, List<Verification> verifications, String piiCheck,
                             List<PiiFinding> piiFindings, List<String> refreshedMaterializedViews,
                             LeakScanResult leakScan) {

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

    /**
     * The leak scan's outcome: no value in it, only names and counts.
     *
     * @param mode                {@code fail}, {@code warn} or {@code off}
     * @param status              {@code clean}, {@code leaks}, {@code off}, {@code nothing masked}, or
     *                            {@code not run} (sanitization failed before it)
     * @param findings            one per table, column and rule whose raw values turned up there
     * @param valuesFingerprinted distinct fingerprints kept
     * @param notFingerprinted    values not fingerprinted because the table was full (the scan is then incomplete)
     * @param fingerprintBytes    memory the fingerprints took
     * @param columnsScanned      text-like columns read
     * @param rowsScanned         rows read, over all tables
     */
    public record LeakScanResult(String mode, String status, List<LeakFinding> findings, long valuesFingerprinted,
                                 long notFingerprinted, long fingerprintBytes, int columnsScanned, long rowsScanned,
                                 long durationMs) {

        static LeakScanResult withoutScan(String mode, String status) {
            return new LeakScanResult(mode, status, List.of(), 0, 0, 0, 0, 0, 0);
        }

        /** One line for the log and the provenance: {@code clean (12 columns, 3,401 rows)}, {@code 1 leak(s)}. */
        public String summary() {
            String base = switch (status) {
                case "clean", "leaks" -> (findings.isEmpty() ? "clean" : findings.size() + " leak(s)") + " (" + columnsScanned
                        + " text columns, " + rowsScanned + " rows scanned for " + valuesFingerprinted + " masked values)";
                default -> status;
            };
            return base + (notFingerprinted > 0 ? ", incomplete: " + notFingerprinted + " values not fingerprinted" : "");
        }
    }

    /**
     * Raw values of the masked column {@code rule} ({@code schema.table.column}) found in {@code rows}
     * rows of {@code table}.{@code column}, a column no mask rule wrote.
     */
    public record LeakFinding(String table, String column, String rule, long rows) {
    }

    public boolean verificationsPassed() {
        return verifications.stream().allMatch(Verification::passed);
    }
}
