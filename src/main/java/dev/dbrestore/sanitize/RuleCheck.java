package dev.dbrestore.sanitize;

import dev.dbrestore.archive.Toc;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.Profile;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a profile's sanitization against a schema, without any data: every sanitize file exists
 * and lexes, every mask rule and {@code safeColumns} entry names a table and column that exist,
 * every column {@code piiCheck: strict} would report is listed, and every verify query is one
 * statement that (given a live database) the server can plan. What {@code validate} is made of.
 */
public final class RuleCheck {

    /**
     * A schema to check against: a dump's TOC, or a live database, whose connection also EXPLAINs
     * the verify queries. Close it to close that connection.
     */
    public static final class Schema implements AutoCloseable {
        private final SchemaCatalog catalog;
        private final List<String> problems;
        private final boolean largeObjects;
        private final Connection connection;
        private final String description;

        private Schema(SchemaCatalog catalog, List<String> problems, boolean largeObjects, Connection connection,
                       String description) {
            this.catalog = catalog;
            this.problems = problems;
            this.largeObjects = largeObjects;
            this.connection = connection;
            this.description = description;
        }

        /** The tables and columns of a dump's TOC; {@code description} names the dump in messages. */
        public static Schema ofToc(Toc toc, String description) {
            TocSchema.Result read = TocSchema.read(toc);
            boolean largeObjects = !toc.ofType("BLOB").isEmpty() || !toc.ofType("BLOB METADATA").isEmpty();
            return new Schema(read.catalog(), read.problems(), largeObjects, null, description);
        }

        /** The tables and columns of a live database (e.g. the integration-test database after a migration). */
        public static Schema ofDatabase(ConnectionSettings server, String database) {
            Connection connection = PgAdmin.open(server, database);
            try {
                boolean largeObjects;
                try (Statement s = connection.createStatement();
                     var rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_largeobject_metadata)")) {
                    rs.next();
                    largeObjects = rs.getBoolean(1);
                }
                return new Schema(SchemaCatalog.load(connection), List.of(), largeObjects, connection,
                        "the database " + database + " on " + server);
            } catch (SQLException | RuntimeException e) {
                RuleCheck.close(connection);
                throw e instanceof RuntimeException r ? r
                        : new Fault("Could not read the schema of " + database + ": " + ServerMessages.describe((SQLException) e), e);
            }
        }

        public String description() {
            return description;
        }

        /** Ordinary and partitioned tables. */
        public int tableCount() {
            return catalog.tables().size();
        }

        @Override
        public void close() {
            if (connection != null) {
                RuleCheck.close(connection);
            }
        }
    }

    private final List<RuleFinding> findings = new ArrayList<>();
    private final Schema schema;

    private RuleCheck(Schema schema) {
        this.schema = schema;
    }

    /** Every finding, in the order: schema, sanitize files, mask rules, safeColumns, unmasked columns, verify queries. */
    public static List<RuleFinding> check(Profile profile, Path baseDir, Schema schema) {
        RuleCheck check = new RuleCheck(schema);
        schema.problems.forEach(p -> check.add("schema", schema.description, p));
        List<SqlFile> files = check.sanitizeFiles(baseDir, profile.sanitize());
        List<MaskRule> rules = check.maskRules(profile.mask() == null ? List.of() : profile.mask());
        Map<String, List<String>> safe = check.safeColumns(profile.safeColumns() == null ? Map.of() : profile.safeColumns());
        check.coverage(rules, files, safe);
        check.verifyQueries(profile.verify() == null ? List.of() : profile.verify());
        return List.copyOf(check.findings);
    }

    private void add(String kind, String subject, String message) {
        findings.add(new RuleFinding(kind, subject, message));
    }

    /** Each {@code sanitize:} entry on its own, so that every missing or broken file is reported. */
    private List<SqlFile> sanitizeFiles(Path baseDir, List<String> entries) {
        List<SqlFile> files = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            try {
                files.addAll(SqlFile.load(baseDir, List.of(entry)));
            } catch (UserError e) {
                add("sanitize-file", entry, e.getMessage());
            }
        }
        return files;
    }

    /** The rules whose table exists (the others are findings); a missing column is a finding too. */
    private List<MaskRule> maskRules(List<MaskRule> rules) {
        List<MaskRule> usable = new ArrayList<>();
        for (MaskRule rule : rules) {
            Table table = table("mask-rule", rule.table());
            if (table == null) {
                continue;
            }
            usable.add(rule);
            for (MaskRule.ColumnRule column : rule.columns() == null ? List.<MaskRule.ColumnRule>of() : rule.columns()) {
                columnExists("mask-rule", table, column.column());
            }
        }
        return usable;
    }

    private Map<String, List<String>> safeColumns(Map<String, List<String>> safeColumns) {
        Map<String, List<String>> usable = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : safeColumns.entrySet()) {
            if (entry.getKey().equals(PiiCheck.LARGE_OBJECTS)) {
                usable.put(entry.getKey(), entry.getValue());
                continue;
            }
            Table table = table("safe-columns", entry.getKey());
            if (table == null) {
                continue;
            }
            List<String> columns = entry.getValue().stream().filter(c -> columnExists("safe-columns", table, c)).toList();
            usable.put(entry.getKey(), columns);
        }
        return usable;
    }

    private Table table(String kind, String written) {
        try {
            return schema.catalog.resolve(written);
        } catch (UserError e) {
            add(kind, written, e.getMessage().replace("in the restored database", "in " + schema.description)
                    + " Remove the rule or fix its name.");
            return null;
        }
    }

    private boolean columnExists(String kind, Table table, String column) {
        try {
            if (SchemaCatalog.column(table, column) != null) {
                return true;
            }
            add(kind, table.display() + "." + column, "no such column in " + schema.description
                    + " (its columns: " + String.join(", ", table.columnNames()) + "). Remove it or fix its name.");
        } catch (UserError e) {
            add(kind, table.display() + "." + column, e.getMessage());
        }
        return false;
    }

    /** What {@code piiCheck: strict} would report: the one call into the PII check's coverage rules ({@link ColumnCoverage}). */
    private void coverage(List<MaskRule> rules, List<SqlFile> files, Map<String, List<String>> safe) {
        ColumnCoverage coverage = new ColumnCoverage(schema.catalog, rules, files, safe);
        coverage.uncovered(true).forEach((table, columns) -> columns.forEach((column, reason) ->
                add("unmasked-column", table.display() + "." + Identifiers.display(column.name()), column.type() + ", "
                        + reason + ". Mask it, handle it in a sanitize file, or list it under safeColumns.")));
        if (schema.largeObjects && !coverage.largeObjectsCovered()) {
            add("large-objects", PiiCheck.LARGE_OBJECTS, "large objects are not covered: remove them in a sanitize "
                    + "file (lo_unlink) or list pg_largeobject under safeColumns");
        }
    }

    /** One statement each (lexed as psql would); against a live database, EXPLAINed in a read-only transaction. */
    private void verifyQueries(List<String> queries) {
        for (int i = 0; i < queries.size(); i++) {
            String subject = "verify[" + (i + 1) + "]";
            List<SqlFileStatement> statements;
            try {
                statements = SqlFileStatement.split(queries.get(i), subject);
            } catch (UserError e) {
                add("verify-query", subject, e.getMessage());
                continue;
            }
            if (statements.size() != 1) {
                add("verify-query", subject, statements.isEmpty() ? "is empty"
                        : "holds " + statements.size() + " statements; each verify entry is one query");
                continue;
            }
            if (schema.connection != null) {
                explain(subject, statements.get(0).sql());
            }
        }
    }

    private void explain(String subject, String sql) {
        Connection c = schema.connection;
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute("SET TRANSACTION READ ONLY");
                s.execute("EXPLAIN " + sql);
            } catch (SQLException e) {
                add("verify-query", subject, "does not plan against " + schema.description + ": " + ServerMessages.describe(e));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new Fault("Could not check " + subject + " against " + schema.description + ": "
                    + ServerMessages.describe(e), e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // only read from
        }
    }
}
