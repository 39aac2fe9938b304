package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.sanitize.StatementEffects.ColumnName;
import dev.dbrestore.sanitize.StatementEffects.TableName;
import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which columns a profile's rules account for, worked out from a schema and the profile alone (no
 * data): the coverage half of the PII check, and what a check of the rules against a backup's schema
 * (its archive TOC, or a database) needs.
 *
 * <p>A column is covered by a {@code mask:} rule that sets it, a {@code safeColumns:} entry, or a
 * sanitize statement that assigns it ({@code UPDATE … SET col =}) or empties or drops its table or
 * itself ({@code TRUNCATE}, {@code DELETE} without {@code WHERE}, {@code DROP TABLE},
 * {@code ALTER TABLE … DROP COLUMN}); a mask {@code truncate} (with the tables its CASCADE reaches) or a
 * {@code delete} without {@code where} empties its table. Under {@code piiCheck: strict} nothing else
 * counts: a {@code SELECT email FROM auth_user} or a {@code WHERE email …} leaves the values as they
 * were. The looser modes ({@code warn}, {@code fail}) also count a column as covered when one
 * sanitize statement mentions both its table and its name.
 *
 * <p>Uncovered are the columns whose names look personal ({@link PersonalNames}) and, in strict mode,
 * every text-like column. Partitions are counted through their parent.
 */
public final class ColumnCoverage {

    /**
     * A column of a schema read from elsewhere.
     *
     * @param type as {@code format_type} prints it: {@code character varying(254)}, {@code text[]}, {@code jsonb}
     */
    public record SchemaColumn(String name, String type) {
    }

    /**
     * A table of a schema read from elsewhere.
     *
     * @param partition    a partition of another table (its rows are counted through the parent)
     * @param referencedBy {@code schema.table} of the tables whose foreign keys reference this one
     *                     (what a mask {@code truncate}'s CASCADE also empties); may be empty
     */
    public record SchemaTable(String schema, String name, boolean partition, List<SchemaColumn> columns,
                              List<String> referencedBy) {

        public SchemaTable(String schema, String name, List<SchemaColumn> columns) {
            this(schema, name, false, columns, List.of());
        }
    }

    /** A column no rule covers: {@code table} is {@code schema.table}; {@code reason} says why it counts. */
    public record Gap(String table, String column, String type, String reason) {
    }

    /**
     * @param uncovered    columns no rule covers, in schema order
     * @param unknownNames rules and safeColumns entries that name a table or column the schema does not have
     */
    public record Result(List<Gap> uncovered, List<String> unknownNames) {
    }

    static final String STRICT_REASON = "text column that no mask rule, safeColumns entry or sanitize statement "
            + "(UPDATE … SET, TRUNCATE, DELETE without WHERE, DROP) covers";

    private final SchemaCatalog catalog;
    private final Map<Long, Set<String>> covered = new HashMap<>();
    private final Set<Long> emptied = new HashSet<>();
    private final List<StatementEffects> statements = new ArrayList<>();
    private final List<String> unknownNames = new ArrayList<>();
    private final boolean largeObjectsListed;

    ColumnCoverage(SchemaCatalog catalog, List<MaskRule> rules, List<SqlFile> files, Map<String, List<String>> safeColumns) {
        this.catalog = catalog;
        for (MaskRule rule : rules == null ? List.<MaskRule>of() : rules) {
            readRule(rule);
        }
        Map<String, List<String>> safe = safeColumns == null ? Map.of() : safeColumns;
        largeObjectsListed = safe.containsKey(PiiCheck.LARGE_OBJECTS);
        readSafeColumns(safe);
        for (SqlFile file : files) {
            for (SqlFileStatement statement : file.statements()) {
                readStatement(StatementEffects.of(statement.sql()));
            }
        }
    }

    /**
     * The coverage of {@code profile}'s rules on {@code schema}: what a check of the rules against a
     * backup's schema reports before anything is restored. {@code mode} null means {@code strict}.
     * Sanitize files are read relative to {@code yamlBaseDir}.
     */
    public static Result analyse(List<SchemaTable> schema, Profile profile, PiiCheckMode mode, Path yamlBaseDir) {
        ColumnCoverage coverage = new ColumnCoverage(SchemaCatalog.of(schema), profile.mask(),
                SqlFile.load(yamlBaseDir, profile.sanitize()), profile.safeColumns());
        List<Gap> gaps = new ArrayList<>();
        coverage.uncovered(mode == null || mode == PiiCheckMode.STRICT).forEach((table, columns) ->
                columns.forEach((column, reason) -> gaps.add(new Gap(table.display(), column.name(), column.type(), reason))));
        return new Result(gaps, coverage.unknownNames());
    }

    /** What a user does about uncovered columns, naming the profile and the sanitize files to edit. */
    static String advice(String profile, List<SqlFile> files, boolean strict) {
        String fileNames = files.isEmpty() ? "a file listed under sanitize:"
                : files.stream().map(SqlFile::name).collect(Collectors.joining(", "));
        return "Cover each of these columns in profile '" + profile + "' of the YAML file: a mask: rule, or a "
                + "safeColumns: entry if it holds nothing personal; or set it in a sanitize file (" + fileNames
                + ") with UPDATE … SET column = …, or empty or drop its table."
                + (strict ? " A mention in a SELECT or a WHERE does not cover a column." : "");
    }

    /** Per table (not partitions, not emptied ones), its uncovered columns with the reason each counts. */
    Map<Table, Map<Column, String>> uncovered(boolean strict) {
        Map<Table, Map<Column, String>> result = new LinkedHashMap<>();
        for (Table table : catalog.tables()) {
            if (table.partition() || emptied.contains(table.oid())) {
                continue;
            }
            Map<Column, String> suspects = new LinkedHashMap<>();
            for (Column column : table.columns()) {
                if (covers(table, column, strict)) {
                    continue;
                }
                PersonalNames.reason(table.name(), column).ifPresentOrElse(r -> suspects.put(column, r), () -> {
                    if (strict && column.isTextLike()) {
                        suspects.put(column, STRICT_REASON);
                    }
                });
            }
            if (!suspects.isEmpty()) {
                result.put(table, suspects);
            }
        }
        return result;
    }

    List<String> unknownNames() {
        return List.copyOf(unknownNames);
    }

    /** Large objects: a safeColumns entry {@code pg_largeobject}, or a statement mentioning lo_unlink or pg_largeobject. */
    boolean largeObjectsCovered() {
        return largeObjectsListed || statements.stream().anyMatch(s ->
                s.mentioned().contains("lo_unlink") || s.mentioned().contains(PiiCheck.LARGE_OBJECTS));
    }

    private boolean covers(Table table, Column column, boolean strict) {
        return covered.getOrDefault(table.oid(), Set.of()).contains(column.name()) || (!strict && mentioned(table, column));
    }

    private boolean mentioned(Table table, Column column) {
        String tableName = table.name().toLowerCase(Locale.ROOT);
        String columnName = column.name().toLowerCase(Locale.ROOT);
        return statements.stream().anyMatch(s -> containsIgnoringCase(s.mentioned(), tableName)
                && containsIgnoringCase(s.mentioned(), columnName));
    }

    private static boolean containsIgnoringCase(Set<String> words, String lower) {
        return words.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).equals(lower));
    }

    private void readRule(MaskRule rule) {
        Table table;
        try {
            table = catalog.resolve(rule.table());
        } catch (UserError e) {
            unknownNames.add("mask " + rule.table() + ": " + e.getMessage());
            return;
        }
        MaskRule.TableAction action = rule.action() == null ? MaskRule.TableAction.UPDATE : rule.action();
        boolean wholeTable = action == MaskRule.TableAction.TRUNCATE
                || (action == MaskRule.TableAction.DELETE && (rule.where() == null || rule.where().isBlank()));
        if (wholeTable) {
            empty(table, action == MaskRule.TableAction.TRUNCATE);
        }
        if (action != MaskRule.TableAction.UPDATE || rule.columns() == null) {
            return;
        }
        for (MaskRule.ColumnRule c : rule.columns()) {
            cover(table, c.column(), "mask " + rule.table());
        }
    }

    private void readSafeColumns(Map<String, List<String>> safeColumns) {
        for (Map.Entry<String, List<String>> entry : safeColumns.entrySet()) {
            if (entry.getKey().equals(PiiCheck.LARGE_OBJECTS)) {
                continue;
            }
            Table table;
            try {
                table = catalog.resolve(entry.getKey());
            } catch (UserError e) {
                unknownNames.add("safeColumns: " + e.getMessage());
                continue;
            }
            for (String name : entry.getValue() == null ? List.<String>of() : entry.getValue()) {
                cover(table, name, "safeColumns " + entry.getKey());
            }
        }
    }

    private void cover(Table table, String written, String where) {
        Column column;
        try {
            column = SchemaCatalog.column(table, written);
        } catch (UserError e) {
            unknownNames.add(where + ": " + e.getMessage());
            return;
        }
        if (column == null) {
            unknownNames.add(where + ": " + table.display() + " has no column '" + written + "'");
        } else {
            covered.computeIfAbsent(table.oid(), k -> new HashSet<>()).add(column.name());
        }
    }

    private void readStatement(StatementEffects effects) {
        statements.add(effects);
        for (ColumnName c : effects.assigned()) {
            coverExactly(c);
        }
        for (ColumnName c : effects.dropped()) {
            coverExactly(c);
        }
        for (TableName t : effects.emptied()) {
            Table table = find(t);
            if (table != null) {
                empty(table, effects.cascade().contains(t));
            }
        }
    }

    private void coverExactly(ColumnName c) {
        Table table = find(c.table());
        if (table != null && table.columnNames().contains(c.column())) {
            covered.computeIfAbsent(table.oid(), k -> new HashSet<>()).add(c.column());
        }
    }

    private void empty(Table table, boolean cascade) {
        emptied.add(table.oid());
        if (cascade) {
            catalog.dependents(table).forEach(t -> emptied.add(t.oid()));
        }
    }

    /**
     * The table an SQL statement names, as PostgreSQL would find it with the default search_path: a
     * qualified name exactly; a bare one in {@code public}, else in the one schema that has it.
     */
    private Table find(TableName name) {
        List<Table> candidates = catalog.tables().stream().filter(t -> t.name().equals(name.name())
                && (name.schema() == null || t.schema().equals(name.schema()))).toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.stream().filter(t -> t.schema().equals("public")).findFirst().orElse(null);
    }
}
