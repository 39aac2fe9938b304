package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.sanitize.SanitizeResult.PiiFinding;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * After sanitizing: which columns may still hold personal data?
 *
 * <p>A column is <em>covered</em> when a mask rule sets it, its table was truncated by a mask rule
 * (with the tables a CASCADE reached), a sanitize SQL statement mentions both its table and its
 * name (a word match: simple, and enough to show a person thought about it), or
 * {@code safeColumns:} lists it. Every other column is reported when its name looks personal
 * ({@link PersonalNames}), and in {@code strict} mode also when it is text-like at all. Only
 * columns that still hold non-null values are reported: an emptied table leaks nothing.
 *
 * <p>Partitions are counted through their parent. Materialized views are not checked: the
 * sanitizer rebuilds them from the sanitized tables. Large objects are reported in strict mode
 * unless a sanitize file mentions {@code lo_unlink} or {@code pg_largeobject}, or
 * {@code safeColumns:} has a {@code pg_largeobject} entry.
 */
final class PiiCheck {
    static final String LARGE_OBJECTS = "pg_largeobject";
    private static final String LARGE_OBJECTS_REASON = "large objects are not covered: remove them in a sanitize file "
            + "(lo_unlink) or list pg_largeobject under safeColumns";

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
        Coverage coverage = new Coverage(catalog, rules, files, safeColumns, progress);
        List<PiiFinding> findings = new ArrayList<>();
        for (Map.Entry<Table, Map<Column, String>> suspects : suspects(strict, catalog, coverage).entrySet()) {
            findings.addAll(countValues(suspects.getKey(), suspects.getValue()));
        }
        if (strict && !coverage.largeObjectsCovered()) {
            long count = count("SELECT count(*) FROM pg_largeobject_metadata");
            if (count > 0) {
                findings.add(new PiiFinding(LARGE_OBJECTS, null, "large object", LARGE_OBJECTS_REASON, count));
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

    /**
     * For a schema without data ({@code validate}): every column the check in {@code mode} would
     * report if it held values (with 0 as its count), and the large objects when the schema has
     * some and nothing covers them in strict mode.
     */
    static List<PiiFinding> uncovered(PiiCheckMode mode, SchemaCatalog catalog, List<MaskRule> rules, List<SqlFile> files,
                                      Map<String, List<String>> safeColumns, boolean largeObjects, Progress progress) {
        if (mode == PiiCheckMode.OFF) {
            return List.of();
        }
        boolean strict = mode == PiiCheckMode.STRICT;
        Coverage coverage = new Coverage(catalog, rules, files, safeColumns, progress);
        List<PiiFinding> findings = new ArrayList<>();
        suspects(strict, catalog, coverage).forEach((table, columns) -> columns.forEach((column, reason) ->
                findings.add(new PiiFinding(table.display(), column.name(), column.type(), reason, 0))));
        if (strict && largeObjects && !coverage.largeObjectsCovered()) {
            findings.add(new PiiFinding(LARGE_OBJECTS, null, "large object", LARGE_OBJECTS_REASON, 0));
        }
        return findings;
    }

    /** Per table, the columns nothing covers that look personal (in strict mode: or are text-like), with why. */
    private static Map<Table, Map<Column, String>> suspects(boolean strict, SchemaCatalog catalog, Coverage coverage) {
        Map<Table, Map<Column, String>> all = new java.util.LinkedHashMap<>();
        for (Table table : catalog.tables()) {
            if (table.partition() || coverage.truncated(table)) {
                continue;
            }
            Map<Column, String> suspects = new java.util.LinkedHashMap<>();
            for (Column column : table.columns()) {
                if (coverage.covers(table, column)) {
                    continue;
                }
                PersonalNames.reason(table.name(), column).ifPresentOrElse(r -> suspects.put(column, r), () -> {
                    if (strict && column.isTextLike()) {
                        suspects.put(column, "text column not masked, mentioned by a sanitize file or listed in safeColumns");
                    }
                });
            }
            if (!suspects.isEmpty()) {
                all.put(table, suspects);
            }
        }
        return all;
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

    /** What the rules, the SQL files and safeColumns account for. */
    private static final class Coverage {
        private final Map<Long, Set<String>> masked = new HashMap<>();
        private final Map<Long, Set<String>> safe = new HashMap<>();
        private final Set<Long> truncated = new HashSet<>();
        private final List<String> statements;
        private final boolean largeObjectsListed;

        Coverage(SchemaCatalog catalog, List<MaskRule> rules, List<SqlFile> files, Map<String, List<String>> safeColumns,
                 Progress progress) {
            for (MaskRule rule : rules) {
                Table table = catalog.resolve(rule.table());
                if (rule.action() == MaskRule.TableAction.TRUNCATE) {
                    truncated.add(table.oid());
                    catalog.dependents(table).forEach(t -> truncated.add(t.oid()));
                } else if (rule.action() != MaskRule.TableAction.DELETE && rule.columns() != null) {
                    for (MaskRule.ColumnRule c : rule.columns()) {
                        Column column = SchemaCatalog.column(table, c.column());
                        if (column != null) {
                            masked.computeIfAbsent(table.oid(), k -> new HashSet<>()).add(column.name());
                        }
                    }
                }
            }
            statements = files.stream().flatMap(f -> f.statements().stream()).map(SqlFileStatement::sql).toList();
            largeObjectsListed = safeColumns != null && safeColumns.containsKey(LARGE_OBJECTS);
            readSafeColumns(catalog, safeColumns == null ? Map.of() : safeColumns, progress);
        }

        private void readSafeColumns(SchemaCatalog catalog, Map<String, List<String>> safeColumns, Progress progress) {
            for (Map.Entry<String, List<String>> entry : safeColumns.entrySet()) {
                if (entry.getKey().equals(LARGE_OBJECTS)) {
                    continue;
                }
                Table table;
                try {
                    table = catalog.resolve(entry.getKey());
                } catch (UserError e) {
                    progress.warn("safeColumns: " + e.getMessage());
                    continue;
                }
                for (String name : entry.getValue()) {
                    Column column = SchemaCatalog.column(table, name);
                    if (column == null) {
                        progress.warn("safeColumns: " + table.display() + " has no column '" + name + "'");
                    } else {
                        safe.computeIfAbsent(table.oid(), k -> new HashSet<>()).add(column.name());
                    }
                }
            }
        }

        boolean truncated(Table table) {
            return truncated.contains(table.oid());
        }

        boolean covers(Table table, Column column) {
            return masked.getOrDefault(table.oid(), Set.of()).contains(column.name())
                    || safe.getOrDefault(table.oid(), Set.of()).contains(column.name())
                    || mentioned(table, column);
        }

        private boolean mentioned(Table table, Column column) {
            Pattern tableWord = word(table.name());
            Pattern columnWord = word(column.name());
            return statements.stream().anyMatch(s -> tableWord.matcher(s).find() && columnWord.matcher(s).find());
        }

        boolean largeObjectsCovered() {
            Pattern lo = Pattern.compile("\\b(lo_unlink|pg_largeobject)\\b", Pattern.CASE_INSENSITIVE);
            return largeObjectsListed || statements.stream().anyMatch(s -> lo.matcher(s).find());
        }

        private static Pattern word(String name) {
            return Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
