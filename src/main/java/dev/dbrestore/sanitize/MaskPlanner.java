package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.TableAction;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.UserError;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns {@code mask:} rules into statements and checks them all before anything runs: tables and
 * columns against the catalog, strategies against column types, and every UPDATE and DELETE with
 * {@code EXPLAIN}, which makes the server parse and plan it (catching a misspelt column inside an
 * expression or a {@code where}) without executing it.
 */
final class MaskPlanner {
    private final SchemaCatalog catalog;
    private final Pseudonyms pseudonyms;
    private final MaskExpressions expressions;
    private final StreamedColumns streamed;

    MaskPlanner(SchemaCatalog catalog, Pseudonyms pseudonyms) {
        this(catalog, pseudonyms, StreamedColumns.NONE);
    }

    /** A planner that leaves out the columns {@code streamed} masked while the rows loaded. */
    MaskPlanner(SchemaCatalog catalog, Pseudonyms pseudonyms, StreamedColumns streamed) {
        this.catalog = catalog;
        this.pseudonyms = pseudonyms;
        this.expressions = new MaskExpressions(pseudonyms);
        this.streamed = streamed;
    }

    /**
     * All rules as statements, checked by the catalog and then by the server (EXPLAIN: parsed and
     * planned, nothing executed); or one UserError listing every problem found.
     */
    List<MaskStatement> prepare(Connection connection, List<MaskRule> rules) throws SQLException {
        List<MaskStatement> statements = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!rules.isEmpty()) {
            MaskFunctions.define(connection);
        }
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            for (MaskRule rule : rules) {
                try {
                    MaskStatement mask = plan(rule);
                    if (mask != null) {
                        explain(statement, mask);
                        statements.add(mask);
                    }
                } catch (UserError e) {
                    problems.add(e.getMessage());
                }
            }
        }
        failIfAny(problems);
        // the key goes to the server only for an UPDATE that computes a keyed mask (none when all ran in the stream)
        if (statements.stream().anyMatch(s -> MaskFunctions.usesKey(s.sql()))) {
            MaskFunctions.giveKey(connection, pseudonyms);
        }
        return statements;
    }

    private static void explain(Statement statement, MaskStatement mask) {
        if (!mask.explainable()) {
            return;
        }
        try {
            statement.execute("EXPLAIN " + mask.sql());
        } catch (SQLException e) {
            throw new UserError(mask.label() + ": " + ServerMessages.describe(e));
        }
    }

    private static void failIfAny(List<String> problems) {
        if (problems.size() == 1) {
            throw new UserError("Invalid mask rule, nothing was changed: " + problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new UserError(problems.size() + " invalid mask rules, nothing was changed:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private MaskStatement plan(MaskRule rule) {
        Table table;
        try {
            table = catalog.resolve(rule.table());
        } catch (UserError e) {
            throw new UserError("mask " + rule.table() + ": " + e.getMessage());
        }
        TableAction action = rule.action() == null ? TableAction.UPDATE : rule.action();
        return switch (action) {
            case UPDATE -> update(table, rule);
            case TRUNCATE -> truncate(table, rule);
            case DELETE -> delete(table, rule);
        };
    }

    /** The UPDATE of the rule's columns the stream did not mask; null when it masked them all. */
    private MaskStatement update(Table table, MaskRule rule) {
        List<ColumnRule> columns = rule.columns() == null ? List.of() : rule.columns();
        if (columns.isEmpty()) {
            throw new UserError("mask " + table.display() + ": no columns to mask (or write truncate / delete)");
        }
        List<String> assignments = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<ColumnRule> left = columns.stream().filter(c -> !streamed.masked(table.schema(), table.name(), c)).toList();
        if (left.isEmpty()) {
            return null;
        }
        columns = left;
        for (ColumnRule columnRule : columns) {
            Column column = SchemaCatalog.column(table, columnRule.column());
            if (column == null) {
                throw new UserError("mask " + table.display() + ": column '" + columnRule.column()
                        + "' does not exist. Its columns: " + table.columnNames().stream()
                        .map(Identifiers::display).collect(Collectors.joining(", ")));
            }
            if (!seen.add(column.name())) {
                throw new UserError("mask " + table.display() + ": column " + Identifiers.display(column.name())
                        + " has two rules");
            }
            assignments.add(Identifiers.quote(column.name()) + " = " + expressions.sql(table, column, columnRule));
        }
        String sql = "UPDATE " + table.sql() + " SET " + String.join(", ", assignments) + where(rule);
        List<String> masked = seen.stream().map(c -> table.display() + "." + Identifiers.display(c)).toList();
        String readSql = "SELECT " + seen.stream().map(c -> Identifiers.quote(c) + "::text").collect(Collectors.joining(", "))
                + " FROM " + table.sql() + where(rule);
        return new MaskStatement("mask " + table.display() + " (" + columns.size() + " column"
                + (columns.size() == 1 ? "" : "s") + (rule.where() == null ? "" : ", where " + rule.where()) + ")",
                sql, true, List.of(), readSql, masked);
    }

    /**
     * A plain TRUNCATE fails when other tables reference this one. CASCADE is added only then, and
     * the tables it also empties are named in the log and the report, so nothing vanishes unseen.
     */
    private MaskStatement truncate(Table table, MaskRule rule) {
        if (rule.where() != null) {
            throw new UserError("mask " + table.display() + ": truncate empties the whole table and takes no "
                    + "where; use delete with the where");
        }
        List<String> dependents = catalog.dependents(table).stream()
                .filter(t -> !t.partition()).map(Table::display).sorted().toList();
        String sql = "TRUNCATE " + table.sql() + (dependents.isEmpty() ? "" : " CASCADE");
        List<String> notes = dependents.isEmpty() ? List.of()
                : List.of("CASCADE also empties the tables that reference it: " + String.join(", ", dependents));
        return new MaskStatement("truncate " + table.display(), sql, false, notes);
    }

    private MaskStatement delete(Table table, MaskRule rule) {
        return new MaskStatement("delete from " + table.display() + (rule.where() == null ? "" : " where " + rule.where()),
                "DELETE FROM " + table.sql() + where(rule), true, List.of());
    }

    private static String where(MaskRule rule) {
        return rule.where() == null || rule.where().isBlank() ? "" : " WHERE (" + rule.where() + ")";
    }
}
