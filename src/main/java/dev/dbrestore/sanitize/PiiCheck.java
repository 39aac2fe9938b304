package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.sanitize.SanitizeResult.PiiFinding;
import dev.dbrestore.support.Progress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * After sanitizing: which columns may still hold personal data?
 *
 * <p>Which columns the rules cover is {@link ColumnCoverage}'s answer (in {@code strict} mode only
 * mask rules, safeColumns and statements that assign, empty or drop count). Every uncovered column
 * whose name looks personal ({@link PersonalNames}) is reported, and in {@code strict} mode every
 * uncovered text-like column. Only columns that still hold non-null values are reported: an emptied
 * table leaks nothing.
 *
 * <p>Materialized views are not checked: the sanitizer rebuilds them from the sanitized tables.
 * Large objects are reported in strict mode unless a sanitize file mentions {@code lo_unlink} or
 * {@code pg_largeobject}, or {@code safeColumns:} has a {@code pg_largeobject} entry.
 */
final class PiiCheck {
    static final String LARGE_OBJECTS = "pg_largeobject";

    private final Connection connection;
    private final Progress progress;

    PiiCheck(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    List<PiiFinding> check(PiiCheckMode mode, SchemaCatalog catalog, List<MaskRule> rules, List<SqlFile> files,
                           Map<String, List<String>> safeColumns) throws SQLException {
        if (mode == PiiCheckMode.OFF) {
            return List.of();
        }
        boolean strict = mode == PiiCheckMode.STRICT;
        ColumnCoverage coverage = new ColumnCoverage(catalog, rules, files, safeColumns);
        coverage.unknownNames().forEach(problem -> progress.warn(problem));
        List<PiiFinding> findings = new ArrayList<>();
        for (Map.Entry<Table, Map<Column, String>> suspects : coverage.uncovered(strict).entrySet()) {
            findings.addAll(countValues(suspects.getKey(), suspects.getValue()));
        }
        if (strict && !coverage.largeObjectsCovered()) {
            long count = count("SELECT count(*) FROM pg_largeobject_metadata");
            if (count > 0) {
                findings.add(new PiiFinding(LARGE_OBJECTS, null, "large object", "large objects are not covered: "
                        + "remove them in a sanitize file (lo_unlink) or list pg_largeobject under safeColumns", count));
            }
        }
        for (PiiFinding f : findings) {
            progress.warn("PII check: " + describe(f));
        }
        if (findings.isEmpty()) {
            progress.info("PII check (" + mode.name().toLowerCase(Locale.ROOT) + "): no uncovered personal-looking columns");
        }
        return findings;
    }

    static String describe(PiiFinding f) {
        return (f.column() == null ? f.table() : f.table() + "." + Identifiers.display(f.column()))
                + " (" + f.type() + ", " + f.nonNullValues() + " non-null values): " + f.reason();
    }

    /** One scan per table counts the non-null values of all its suspect columns. */
    private List<PiiFinding> countValues(Table table, Map<Column, String> suspects) throws SQLException {
        if (suspects.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + suspects.keySet().stream().map(c -> "count(" + Identifiers.quote(c.name()) + ")")
                .collect(Collectors.joining(", ")) + " FROM " + table.sql();
        List<PiiFinding> findings = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            int i = 1;
            for (Map.Entry<Column, String> suspect : suspects.entrySet()) {
                long values = rs.getLong(i++);
                if (values > 0) {
                    Column column = suspect.getKey();
                    findings.add(new PiiFinding(table.display(), column.name(), column.type(), suspect.getValue(), values));
                }
            }
        }
        return findings;
    }

    private long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
