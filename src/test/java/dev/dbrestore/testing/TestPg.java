package dev.dbrestore.testing;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.sql.Quote;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one helper for the real PostgreSQL server the tests use (started by .ci/run, reached with
 * the DBRESTORE_TEST_PG* variables): its settings and connections, queries, the client tools run
 * against it, the acme fixture restored once per JVM, and {@link Databases}, the databases and
 * roles of one test class.
 *
 * <p>Other runs use the same server at the same time (the suite in another worktree, a benchmark),
 * so a test drops only what its own {@link Databases} handed out, never "everything named
 * t_…".
 */
public final class TestPg {
    /** The roles acme's dumps refer to (pg_dump never dumps roles). */
    public static final List<String> ACME_ROLES = List.of("acme_owner", "app_reader");

    private static String acmeTemplate;

    private TestPg() {
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static ConnectionSettings server() {
        return new ConnectionSettings(env("DBRESTORE_TEST_PGHOST", "127.0.0.1"),
                Integer.parseInt(env("DBRESTORE_TEST_PGPORT", "5432")),
                env("DBRESTORE_TEST_PGUSER", "dbrestore_test"), env("DBRESTORE_TEST_PGPASSWORD", "pw-for-tests-only"), "postgres");
    }

    public static PgAdmin admin() {
        return PgAdmin.connect(server());
    }

    /** A JDBC connection to {@code database} on the test server. */
    public static Connection connect(String database) {
        return PgAdmin.open(server(), database);
    }

    /**
     * For the invoker ITs' Groovy scripts, which get the server from script variables: a JDBC
     * connection opened by the driver itself, not through DriverManager, which need not know a
     * driver that only the script's class loader sees.
     */
    public static Connection connect(String host, String port, String user, String password, String database)
            throws SQLException {
        ConnectionSettings server = new ConnectionSettings(host, Integer.parseInt(port), user, password, "postgres");
        return new org.postgresql.Driver().connect(server.jdbcUrl(database), server.jdbcProperties());
    }

    /** The databases on the test server whose names start with {@code prefix} (what a failed run must not leave), sorted. */
    public static List<String> databasesStartingWith(String prefix) throws SQLException {
        ConnectionSettings s = server();
        return databasesStartingWith(s.host(), Integer.toString(s.port()), s.user(), s.password(), prefix);
    }

    /** For the invoker ITs' Groovy scripts: the databases whose names start with {@code prefix}, sorted. */
    public static List<String> databasesStartingWith(String host, String port, String user, String password,
                                                     String prefix) throws SQLException {
        try (Connection c = connect(host, port, user, password, "postgres");
             java.sql.PreparedStatement s = c.prepareStatement(
                     "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY 1")) {
            s.setString(1, prefix);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    /** For the invoker ITs' Groovy scripts: drops every database whose name starts with {@code prefix}. */
    public static void dropDatabasesStartingWith(String host, String port, String user, String password,
                                                 String prefix) throws SQLException {
        List<String> names = databasesStartingWith(host, port, user, password, prefix);
        try (Connection c = connect(host, port, user, password, "postgres"); Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP DATABASE IF EXISTS " + Quote.ident(name) + " WITH (FORCE)");
            }
        }
    }

    public static boolean exists(String database) {
        try (PgAdmin admin = admin()) {
            return admin.exists(database);
        }
    }

    /**
     * A fresh name with the given prefix, unique among the runs sharing the server. Prefer {@link
     * Databases#newName()}, which also drops what carries the name afterwards.
     */
    public static String uniqueName(String prefix) {
        return (prefix + Long.toString(System.nanoTime(), 36)
                + String.format(Locale.ROOT, "%03d", ThreadLocalRandom.current().nextInt(1000))).toLowerCase(Locale.ROOT);
    }

    /**
     * The databases and roles of one test class, every database name starting with {@code prefix};
     * in a static {@code @RegisterExtension} field they are dropped after the class's last test.
     */
    public static Databases databases(String prefix) {
        return new Databases(prefix, false);
    }

    /** Like {@link #databases}, for a non-static {@code @RegisterExtension} field: dropped after each test. */
    public static Databases databasesOfEachTest(String prefix) {
        return new Databases(prefix, true);
    }

    // ---- queries ---------------------------------------------------------------------------------

    /** Rows of a query as maps column label -> text, in the query's order. */
    public static List<Map<String, String>> rows(String database, String sql) throws SQLException {
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

    /** The first column of the first row as text (null if there is no row). */
    public static String queryOne(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs the statements on one connection, in order. */
    public static void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** {@code key -> column} of every row of a table, both as text, ordered by the key's text. */
    public static Map<String, String> column(String database, String table, String key, String column) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map<String, String> row : rows(database, "SELECT " + key + "::text AS k, " + column + "::text AS v FROM "
                + table + " ORDER BY 1")) {
            values.put(row.get("k"), row.get("v"));
        }
        return values;
    }

    /**
     * Rows violating any single-column foreign key of the database (0 when every key holds). Fails
     * when the database has fewer than 5 such keys (acme has more), so that 0 never means "no keys".
     */
    public static long foreignKeyOrphans(String database) throws SQLException {
        List<Map<String, String>> keys = rows(database, """
                SELECT conrelid::regclass::text AS child, a.attname AS col,
                       confrelid::regclass::text AS parent, pa.attname AS pcol
                  FROM pg_constraint k
                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                  JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
                 WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND k.conparentid = 0
                """);
        if (keys.size() < 5) {
            throw new AssertionError("expected the acme foreign keys, found " + keys);
        }
        long orphans = 0;
        for (Map<String, String> k : keys) {
            String col = Quote.ident(k.get("col"));
            String pcol = Quote.ident(k.get("pcol"));
            orphans += Long.parseLong(queryOne(database, "SELECT count(*) FROM " + k.get("child") + " c WHERE c." + col
                    + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + k.get("parent") + " p WHERE p." + pcol + " = c." + col + ")"));
        }
        return orphans;
    }

    /** Creates the roles that do not exist yet (NOLOGIN); another JVM creating them at the same moment is fine. */
    public static void createRolesIfMissing(List<String> roles) throws SQLException {
        try (Connection c = connect("postgres")) {
            for (String role : roles) {
                try (Statement s = c.createStatement()) {
                    s.execute("DO $$ BEGIN CREATE ROLE " + Quote.ident(role)
                            + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
                } catch (SQLException e) {
                    // unique_violation on pg_authid: another test JVM created it at the same moment
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
    }

    // ---- client tools ----------------------------------------------------------------------------

    public record ToolResult(int exitCode, String stdout, String stderr) {
    }

    /** Runs a PostgreSQL client tool (found on PATH) against {@code database}, with {@code stdin} (or nothing) as input. */
    public static ToolResult run(String database, List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(server().libpqEnvironment(database));
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        // stderr on its own thread, so that neither pipe can fill up and block the tool
        var stderr = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread reader = new Thread(() -> {
            try {
                stderr.complete(process.getErrorStream().readAllBytes());
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        reader.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        int code = process.waitFor();
        reader.join();
        return new ToolResult(code, new String(stdout, StandardCharsets.UTF_8), new String(stderr.join(), StandardCharsets.UTF_8));
    }

    /** {@code pg_restore --no-owner --no-privileges} of a dump (file, or directory) into an existing database. */
    public static ToolResult pgRestore(Path dump, String database, boolean fromStdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pg_restore", "--no-owner", "--no-privileges", "-d", database));
        if (!fromStdin) {
            command.add(dump.toString());
        }
        return run(database, command, fromStdin ? dump : null);
    }

    // ---- the acme fixture, restored once -----------------------------------------------------------

    /**
     * acme-pg15.dump restored by pg_restore once per test JVM (the acme roles created first), to be
     * copied with {@link Databases#copyOfAcme()} and never modified itself; do not keep connections
     * to it open, a copy needs it idle. Dropped when the JVM ends.
     */
    public static synchronized String acmeTemplate() {
        if (acmeTemplate == null) {
            String name = uniqueName("t_acme_src_");
            try {
                createRolesIfMissing(ACME_ROLES);
                try (PgAdmin admin = admin()) {
                    admin.create(name);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try (PgAdmin admin = admin()) {
                        admin.dropForce(name);
                    }
                }));
                ToolResult restore = pgRestore(Fixtures.acme("acme-pg15.dump"), name, false);
                if (restore.exitCode() != 0 && !restore.stderr().contains("app_reader")) {
                    throw new IllegalStateException("pg_restore failed (" + restore.exitCode() + "): " + restore.stderr());
                }
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("could not restore acme-pg15.dump into " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            acmeTemplate = name;
        }
        return acmeTemplate;
    }

    // ---- one test class's databases ------------------------------------------------------------------

    /**
     * The databases and roles one test class makes. Every name it hands out is unique among the runs
     * sharing the server, and {@link #dropAll()} drops exactly the databases whose names start with
     * one of them (so also what the code under test derives from them: {@code name__restoring},
     * {@code name_2}, {@code project_profile_…} when the name is a project), never another run's.
     */
    public static final class Databases implements AutoCloseable, AfterEachCallback, AfterAllCallback {
        private final String prefix;
        private final boolean eachTest;
        private final Set<String> names = ConcurrentHashMap.newKeySet();
        private final Set<String> roles = ConcurrentHashMap.newKeySet();

        private Databases(String prefix, boolean eachTest) {
            this.prefix = prefix;
            this.eachTest = eachTest;
        }

        public String prefix() {
            return prefix;
        }

        /** A new unique name; every database whose name starts with it belongs to this test. */
        public String newName() {
            return newName("");
        }

        /** A new unique name starting with the prefix and {@code infix}. */
        public String newName(String infix) {
            String name = uniqueName(prefix + infix);
            names.add(name);
            return name;
        }

        /** A new empty database (template0, UTF8, locale C.UTF-8). */
        public String create() throws SQLException {
            String name = newName();
            execute("postgres", "CREATE DATABASE " + Quote.ident(name)
                    + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
            return name;
        }

        /** A new copy of {@link TestPg#acmeTemplate()} (CREATE DATABASE … TEMPLATE). */
        public String copyOfAcme() {
            String name = newName();
            String template = acmeTemplate();
            try (PgAdmin admin = admin()) {
                admin.createFromTemplate(name, template, false);
            }
            return name;
        }

        /** A new unique role name, dropped by {@link #dropAll()} if it was created. */
        public String newRole() {
            String role = uniqueName(prefix + "role_");
            roles.add(role);
            return role;
        }

        /** Drops one database now (the rest go with {@link #dropAll()}). */
        public void drop(String database) {
            try (PgAdmin admin = admin()) {
                admin.dropForce(database);
            }
        }

        /** Drops this test's databases (templates that refuse connections too) and roles. */
        public void dropAll() {
            try (PgAdmin admin = admin()) {
                admin.allDatabases().stream().map(PgAdmin.DatabaseInfo::name)
                        .filter(n -> names.stream().anyMatch(n::startsWith))
                        .forEach(admin::dropForce);
            }
            try {
                for (String role : roles) {
                    execute("postgres", "DROP ROLE IF EXISTS " + Quote.ident(role));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop the roles " + roles, e);
            }
            roles.clear();
        }

        @Override
        public void close() {
            dropAll();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (eachTest) {
                dropAll();
            }
        }

        @Override
        public void afterAll(ExtensionContext context) {
            dropAll();
        }
    }
}
