package dev.dbrestore.sanitize;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.sql.Quote;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The acme fixture restored once per test JVM (pg_restore of acme-pg15.dump) as a template, and
 * cheap per-test clones of it ({@code CREATE DATABASE … TEMPLATE}). Every database is named
 * {@code t_san_…} and dropped at the end.
 */
final class AcmeDatabases {
    static final String PREFIX = "t_san_";
    private static String source;

    private AcmeDatabases() {
    }

    /** The restored, never modified acme database (do not keep connections open: clones need it idle). */
    static synchronized String source() {
        if (source == null) {
            source = TestPg.uniqueName(PREFIX + "src_");
            try (PgAdmin admin = TestPg.admin()) {
                createRolesIfMissing(admin.connection());
                admin.create(source);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(source)));
            pgRestore(source);
        }
        return source;
    }

    /** A fresh copy of the acme source. */
    static String copy() {
        String name = TestPg.uniqueName(PREFIX);
        try (PgAdmin admin = TestPg.admin()) {
            admin.createFromTemplate(name, source(), false);
        }
        return name;
    }

    static Connection connect(String database) {
        return PgAdmin.open(TestPg.server(), database);
    }

    static void drop(String database) {
        try (PgAdmin admin = TestPg.admin()) {
            admin.dropForce(database);
        }
    }

    /** checksums.sql's row counts: object -> rows. */
    static Map<String, Long> rowCounts(String database) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = connect(database)) {
            Fixtures.acmeChecksums(c).forEach((k, v) -> counts.put(k, Long.parseLong(v.split(" ")[0])));
        }
        return counts;
    }

    /** Rows of a query as maps column -> text, in the query's order. */
    static List<Map<String, String>> rows(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** {@code id -> column value} of a table. */
    static Map<String, String> column(String database, String table, String key, String column) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map<String, String> row : rows(database, "SELECT " + key + "::text AS k, " + column + "::text AS v FROM "
                + table + " ORDER BY 1")) {
            values.put(row.get("k"), row.get("v"));
        }
        return values;
    }

    static void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Rows violating any single-column foreign key of the database (0 when every FK holds). */
    static long foreignKeyOrphans(String database) throws SQLException {
        List<Map<String, String>> keys = rows(database, """
                SELECT conrelid::regclass::text AS child, a.attname AS col,
                       confrelid::regclass::text AS parent, pa.attname AS pcol
                  FROM pg_constraint k
                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                  JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
                 WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND k.conparentid = 0
                """);
        long orphans = 0;
        for (Map<String, String> k : keys) {
            String col = Quote.ident(k.get("col"));
            String pcol = Quote.ident(k.get("pcol"));
            orphans += Long.parseLong(rows(database, "SELECT count(*) AS n FROM " + k.get("child") + " c WHERE c." + col
                    + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + k.get("parent") + " p WHERE p." + pcol + " = c." + col + ")")
                    .get(0).get("n"));
        }
        if (keys.size() < 5) {
            throw new AssertionError("expected the acme foreign keys, found " + keys);
        }
        return orphans;
    }

    private static void createRolesIfMissing(Connection c) throws SQLException {
        for (String role : List.of("acme_owner", "app_reader")) {
            try (Statement s = c.createStatement()) {
                s.execute("DO $$ BEGIN CREATE ROLE " + role + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            } catch (SQLException e) {
                // another test JVM created it at the same moment (unique_violation on pg_authid): fine
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static void pgRestore(String database) {
        ConnectionSettings server = TestPg.server();
        ProcessBuilder pb = new ProcessBuilder("pg_restore", "--no-owner", "--no-privileges", "-d", database,
                Fixtures.acme("acme-pg15.dump").toString()).redirectErrorStream(true);
        pb.environment().putAll(server.libpqEnvironment(database));
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0 && !output.contains("app_reader")) {
                throw new IllegalStateException("pg_restore failed (" + exit + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
