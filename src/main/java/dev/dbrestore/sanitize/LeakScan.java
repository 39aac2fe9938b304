package dev.dbrestore.sanitize;

import dev.dbrestore.sanitize.SanitizeResult.LeakFinding;
import dev.dbrestore.sanitize.SanitizeResult.LeakScanResult;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.Progress;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * After sanitization: reads every text-like column (text, varchar, char, citext, json, jsonb, and
 * arrays of them) of every table, except the columns a mask rule wrote (they hold the rules' output
 * now), and looks each value up in the {@link LeakFingerprints} of the masked raw values. A hit names
 * the table, the column, the number of rows and the masked column whose value it is; never the value.
 *
 * <p>One sequential read per table, {@code COPY (SELECT …) TO STDOUT} in a read-only transaction, read
 * row by row as it streams ({@link CopyTextRows}), so memory stays bounded by the fingerprints and one row. Partitions are read
 * through their parent; materialized views are rebuilt from the sanitized tables and not read.
 */
final class LeakScan {
    private static final Set<String> JSON_TYPES = Set.of("json", "jsonb", "_json", "_jsonb");

    private final Connection connection;
    private final Progress progress;

    LeakScan(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /** Scans the copy; {@code written} is the set of {@code schema.table.column} names mask rules wrote. */
    LeakScanResult scan(String mode, SchemaCatalog catalog, LeakFingerprints fingerprints, Set<String> written)
            throws SQLException {
        long start = System.nanoTime();
        List<String> rules = fingerprints.rules();
        List<LeakFinding> findings = new ArrayList<>();
        int columns = 0;
        long rows = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
            for (Table table : catalog.tables()) {
                if (table.partition()) {
                    continue;
                }
                List<Column> text = table.columns().stream()
                        .filter(c -> scanned(c) && !written.contains(table.display() + "." + Identifiers.display(c.name())))
                        .toList();
                if (text.isEmpty()) {
                    continue;
                }
                columns += text.size();
                rows += scanTable(table, text, fingerprints, rules, findings);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        LeakScanResult result = new LeakScanResult(mode, findings.isEmpty() ? "clean" : "leaks", findings,
                fingerprints.size(), fingerprints.notKept(), fingerprints.bytes(), columns, rows, millis);
        progress.info("Leak scan: " + result.summary() + ", " + millis + " ms");
        return result;
    }

    /** Text-like columns where a copied value can sit: bytea and xml are left out. */
    static boolean scanned(Column column) {
        return column.isString() || JSON_TYPES.contains(column.baseType())
                || (column.category() == 'A' && column.elementCategory() == 'S');
    }

    /** Reads one table with COPY (the server streams while the values are looked up); adds its findings; returns its rows. */
    private long scanTable(Table table, List<Column> columns, LeakFingerprints fingerprints,
                           List<String> rules, List<LeakFinding> findings) throws SQLException {
        String select = "SELECT " + columns.stream().map(c -> Identifiers.quote(c.name()) + "::text")
                .collect(Collectors.joining(", ")) + " FROM " + (table.kind() == 'p' ? "" : "ONLY ") + table.sql();
        long[][] counts = new long[columns.size()][];
        int[] seenInRow = new int[rules.size()];
        long[] rows = {0};
        CopyTextRows.copyOut(connection, select, columns.size(), fields -> {
            rows[0]++;
            for (int i = 0; i < fields.length; i++) {
                int column = i;
                int stamp = (int) (rows[0] * fields.length + i) + 1;
                fingerprints.lookup(fields[i], rule -> {
                    if (seenInRow[rule] != stamp) {
                        seenInRow[rule] = stamp;
                        if (counts[column] == null) {
                            counts[column] = new long[rules.size()];
                        }
                        counts[column][rule]++;
                    }
                });
            }
        });
        for (int i = 0; i < columns.size(); i++) {
            for (int rule = 0; counts[i] != null && rule < rules.size(); rule++) {
                if (counts[i][rule] > 0) {
                    LeakFinding finding = new LeakFinding(table.display(), columns.get(i).name(), rules.get(rule), counts[i][rule]);
                    findings.add(finding);
                    progress.warn("Leak scan: " + describe(finding));
                }
            }
        }
        return rows[0];
    }

    static String describe(LeakFinding f) {
        return f.table() + "." + Identifiers.display(f.column()) + " holds raw values of the masked column " + f.rule()
                + " in " + f.rows() + " row(s)";
    }
}
