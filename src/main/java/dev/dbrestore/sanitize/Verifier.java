package dev.dbrestore.sanitize;

import dev.dbrestore.sanitize.SanitizeResult.Verification;
import dev.dbrestore.support.Progress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code verify:} queries. A query passes when it returns no row, or a single value that
 * is {@code false}, {@code 0} or NULL ({@code select count(*) …}, {@code select exists(…)}); any
 * other result fails it. Each query runs in a read-only transaction that is rolled back, so a
 * verification cannot change the data it checks.
 */
final class Verifier {
    private static final int COUNT_LIMIT = 1000;
    private static final int EXAMPLES = 3;

    private final Connection connection;
    private final Progress progress;

    Verifier(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    List<Verification> verify(List<String> queries) throws SQLException {
        List<Verification> results = new ArrayList<>();
        for (String query : queries == null ? List.<String>of() : queries) {
            Verification result = verify(query);
            results.add(result);
            if (result.passed()) {
                progress.info("Verify passed (" + result.durationMs() + " ms): " + query);
            } else {
                progress.warn("Verify FAILED: " + describe(result));
            }
        }
        return results;
    }

    /** One line for the log and the error: the query and what it found, values redacted. */
    static String describe(Verification v) {
        if (v.error() != null) {
            return v.query() + " -> the query failed: " + v.error();
        }
        String found = v.offendingRows() > COUNT_LIMIT ? "more than " + COUNT_LIMIT + " rows"
                : v.offendingRows() + " offending row(s)";
        return v.query() + " -> " + found + (v.examples().isEmpty() ? "" : ", e.g. " + String.join(", ", v.examples()));
    }

    private Verification verify(String query) throws SQLException {
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute("SET TRANSACTION READ ONLY");
            statement.setMaxRows(COUNT_LIMIT + 1);
            try (ResultSet rows = statement.executeQuery(withoutTrailingSemicolon(query))) {
                return evaluate(query, rows, start);
            }
        } catch (SQLException e) {
            return new Verification(query, false, 0, List.of(), ServerMessages.describe(e), millisSince(start));
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static Verification evaluate(String query, ResultSet rows, long start) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> examples = new ArrayList<>();
        long count = 0;
        Object single = null;
        while (rows.next()) {
            count++;
            if (count == 1) {
                single = rows.getObject(1);
            }
            if (examples.size() < EXAMPLES) {
                examples.add(shapeOfRow(rows, meta));
            }
        }
        if (count == 0) {
            return new Verification(query, true, 0, List.of(), null, millisSince(start));
        }
        if (count == 1 && meta.getColumnCount() == 1) {
            if (single == null || Boolean.FALSE.equals(single) || isZero(single)) {
                return new Verification(query, true, 0, List.of(), null, millisSince(start));
            }
            if (single instanceof Number n && meta.getColumnLabel(1).equalsIgnoreCase("count")) {
                // select count(*) …: the number is the finding, there is no value to show
                return new Verification(query, false, n.longValue(), List.of(), null, millisSince(start));
            }
            if (Boolean.TRUE.equals(single)) {
                return new Verification(query, false, 1, List.of(), null, millisSince(start));
            }
        }
        return new Verification(query, false, count, examples, null, millisSince(start));
    }

    private static String shapeOfRow(ResultSet rows, ResultSetMetaData meta) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            values.add(ValueShape.of(rows.getObject(i)));
        }
        return "(" + String.join(", ", values) + ")";
    }

    private static String withoutTrailingSemicolon(String query) {
        return query.strip().replaceAll(";+$", "");
    }

    private static boolean isZero(Object value) {
        return value instanceof Number n && n.doubleValue() == 0;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
