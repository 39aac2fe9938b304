package dev.dbrestore.faults;

import dev.dbrestore.app.BackupSources;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.PruneCopies;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.Interpolator;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.lifecycle.Pruner;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.RetryPolicy;
import dev.dbrestore.sql.Quote;
import dev.dbrestore.support.Progress;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault-injection tests share: a login role of their own with a distinctive password
 * (so that a leak is recognisable and the run's backends can be told from other runs' on the
 * shared server), copies of acme that carry dbrestore's provenance (the "previous copy" a restore
 * overwrites), dumps and sanitize files that hold the pipeline at one step, and the checks made
 * after every fault.
 *
 * <p>A step is held by a statement {@code SELECT pg_catalog.pg_sleep(60) AS dbrestore_fault_hold}
 * placed in the plain dump (schema, data, post-data), in a sanitize file or in a verify query;
 * the test waits until a backend of its role runs it in the staging database, then injects the
 * fault. The swap is held by locks (see {@link SwapLatch}); the steps after it by the log line
 * that precedes them.
 */
final class FaultBench {
    static final String HOLD = "dbrestore_fault_hold";
    static final String HOLD_SQL = "SELECT pg_catalog.pg_sleep(60) AS " + HOLD + ";\n";
    /** Row values of acme that must never be printed (auth_user id 2). */
    static final List<String> ROW_VALUES = List.of("user1@example.net", "user2@example.net", "+1 555-0113-9887");
    static final Path DUMP = Fixtures.acme("acme-pg15.dump");
    static final Path PLAIN = Fixtures.acme("acme-pg15.sql");

    final TestPg.Databases dbs;
    final String role;
    final String password = "Flt-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "-pw";
    final String token = "tok-" + UUID.randomUUID().toString().replace("-", "");
    final Path root;
    private String base;
    private String baseComment;
    Map<String, String> acmeChecksums;

    FaultBench(TestPg.Databases dbs, Path root) throws Exception {
        this.dbs = dbs;
        this.root = root;
        this.role = dbs.newRole();
        TestPg.createRolesIfMissing(TestPg.ACME_ROLES);
        TestPg.execute("postgres", "CREATE ROLE " + Quote.ident(role) + " LOGIN SUPERUSER PASSWORD " + Quote.literal(password));
    }

    Map<String, String> env() {
        return Map.of("FAULTS_PG_PASSWORD", password, "FAULTS_TOKEN", token);
    }

    // ---- the previous copy --------------------------------------------------------------------

    /** Restores acme once (a real dbrestore copy with provenance); every scenario's previous copy is a clone of it. */
    synchronized void restoreBase() throws Exception {
        if (base != null) {
            return;
        }
        Scenario s = new Scenario(this, "base");
        s.yaml(Map.of("source", "{ file: \"" + DUMP + "\" }"));
        base = s.db;
        RestoreResult r = s.pipeline(Progress.silent(), Duration.ofSeconds(5)).run(s.config(), s.options(), new RunReport("restore", null));
        assertThat(r.database()).isEqualTo(base);
        try (PgAdmin admin = TestPg.admin()) {
            baseComment = admin.comment(base);
        }
        acmeChecksums = Fixtures.acmeChecksums(base);
        assertThat(acmeChecksums).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    /** A copy of acme named {@code name} that dbrestore restored for {@code project}, profile p, backup taken at {@code backupTime}. */
    void copyOfAcme(String name, String project, String backupTime) {
        Provenance p = Provenance.parse(baseComment).orElseThrow();
        Provenance mine = new Provenance(p.formatVersion(), p.kind(), project, "p", p.source(), p.backupId(), backupTime,
                p.backupSize(), p.restoredAt(), p.sanitized(), p.sanitizeHash(), p.engine(), p.pgDumpVersion(),
                p.startedAt(), p.target(), p.cacheKey());
        try (PgAdmin admin = TestPg.admin()) {
            admin.createFromTemplate(name, base, false);
            admin.comment(name, mine.toJson());
        }
    }

    // ---- dumps and files that hold a step --------------------------------------------------------

    /** acme-pg15.sql with the hold statement before the first line matching {@code before} (after line {@code after}). */
    Path plainDumpHolding(String step, Pattern before, int after) {
        Path out = root.resolve("acme-hold-" + step + ".sql");
        if (Files.exists(out)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(PLAIN, StandardCharsets.UTF_8);
            List<String> result = new ArrayList<>(lines.size() + 2);
            boolean inserted = false;
            for (int i = 0; i < lines.size(); i++) {
                if (!inserted && i > after && before.matcher(lines.get(i)).find()) {
                    result.add(HOLD_SQL);
                    inserted = true;
                }
                result.add(lines.get(i));
            }
            assertThat(inserted).as("hold placed for " + step).isTrue();
            Files.write(out, result, StandardCharsets.UTF_8);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The base copy dumped by {@code pg_dump -Fp --inserts}, with a short hold (3 s, so the test can lock the
     * table meanwhile) before the first line starting with {@code before}.
     */
    synchronized Path insertsDumpHoldingBefore(String before) throws Exception {
        Path out = root.resolve("acme-inserts-hold.sql");
        if (Files.exists(out)) {
            return out;
        }
        Path plain = root.resolve("acme-inserts.sql");
        TestPg.ToolResult r = TestPg.run(base, List.of("pg_dump", "-Fp", "--inserts", "-f", plain.toString()), null);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = Files.readAllLines(plain, StandardCharsets.UTF_8);
        List<String> result = new ArrayList<>();
        boolean inserted = false;
        for (String l : lines) {
            if (!inserted && l.startsWith(before)) {
                result.add("SELECT pg_catalog.pg_sleep(3) AS " + HOLD + ";");
                inserted = true;
            }
            result.add(l);
        }
        assertThat(inserted).isTrue();
        Files.write(out, result, StandardCharsets.UTF_8);
        return out;
    }

    /** The base copy dumped by {@code pg_dump -Fc --inserts}: a custom archive whose rows are INSERT statements. */
    synchronized Path insertsArchive() throws Exception {
        Path out = root.resolve("acme-inserts.dump");
        if (!Files.exists(out)) {
            TestPg.ToolResult r = TestPg.run(base, List.of("pg_dump", "-Fc", "--inserts", "-f", out.toString()), null);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        return out;
    }

    int lineOfLastCopyEnd() throws IOException {
        List<String> lines = Files.readAllLines(PLAIN, StandardCharsets.UTF_8);
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("\\.")) {
                last = i;
            }
        }
        return last;
    }

    // ---- the server side ----------------------------------------------------------------------

    /** The backends of this test's role running {@code text} (its query contains it), optionally in {@code database}. */
    List<Integer> backends(String database, String text) {
        String sql = "SELECT pid FROM pg_stat_activity WHERE usename = " + Quote.literal(role)
                + " AND application_name = 'dbrestore' AND pid <> pg_backend_pid()"
                + (database == null ? "" : " AND datname = " + Quote.literal(database))
                + (text == null ? "" : " AND strpos(query, " + Quote.literal(text) + ") > 0 AND state = 'active'");
        try {
            List<Integer> pids = new ArrayList<>();
            TestPg.rows("postgres", sql).forEach(r -> pids.add(Integer.parseInt(r.get("pid"))));
            return pids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** pg_terminate_backend of the backends of this test's role (the restore's), in {@code database} or all. */
    int terminate(String database) {
        List<Integer> pids = backends(database, null);
        for (int pid : pids) {
            try {
                TestPg.execute("postgres", "SELECT pg_terminate_backend(" + pid + ")");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return pids.size();
    }

    /** Ends the hold statements a killed client left running, as they would end by themselves. */
    void endOrphanHolds() {
        for (int pid : backends(null, HOLD)) {
            try {
                TestPg.execute("postgres", "SELECT pg_cancel_backend(" + pid + ")");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Waits until no session is connected to these databases (a closed JDBC connection's backend ends a moment later). */
    void awaitNoSessions(String... databases) {
        for (String d : databases) {
            await("the sessions in " + d + " to end", Duration.ofSeconds(30), () -> {
                try {
                    return "0".equals(TestPg.queryOne("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            + Quote.literal(d) + " AND pid <> pg_backend_pid()"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    long oid(String database) {
        try {
            String v = TestPg.queryOne("postgres", "SELECT oid FROM pg_database WHERE datname = " + Quote.literal(database));
            return v == null ? -1 : Long.parseLong(v);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Texts that must not appear anywhere the user or CI sees. */
    void assertNoLeak(String where, String text) {
        assertThat(text).as(where + " leaks the password").doesNotContain(password);
        assertThat(text).as(where + " leaks the token").doesNotContain(token);
        for (String v : ROW_VALUES) {
            assertThat(text).as(where + " leaks a row value").doesNotContain(v);
        }
        // any row of any table, as an INSERT statement quotes it
        assertThat(text).as(where + " quotes a row").doesNotContainPattern("(?i)VALUES\\s*\\((?!value withheld)");
    }

    /**
     * Holds the overwrite swap inside its transaction: {@link #arm} takes a lock on the old copy's
     * database object (an open COMMENT ON DATABASE), so the swap waits at its first statement; then the
     * staging database is locked the same way and the first lock released, so that the swap renames the
     * old copy away and waits, mid-transaction, to rename the staging database into place.
     */
    final class SwapLatch implements AutoCloseable {
        private final String db;
        private final String staging;
        private final Connection first;
        private Connection second;

        SwapLatch(String db, String staging) throws SQLException {
            this.db = db;
            this.staging = staging;
            this.first = lockComment(db);
        }

        private Connection lockComment(String database) throws SQLException {
            Connection c = TestPg.connect("postgres");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                String comment;
                try (PgAdmin admin = TestPg.admin()) {
                    comment = admin.comment(database);
                }
                s.execute("COMMENT ON DATABASE " + Quote.ident(database) + " IS " + (comment == null ? "NULL" : Quote.literal(comment)));
            }
            return c;
        }

        /** Returns when the swap has renamed the old copy away and waits to rename the staging database. */
        void awaitMidSwap(BooleanSupplier runAlive) throws SQLException {
            await("the swap to reach the old copy", Duration.ofSeconds(90),
                    () -> !backends(null, "COMMENT ON DATABASE " + Quote.ident(db) + " IS").isEmpty() || !runAlive.getAsBoolean());
            assertThat(runAlive.getAsBoolean()).as("the run is still alive at the swap").isTrue();
            second = lockComment(staging);
            first.rollback();
            first.close();
            await("the swap to wait inside its transaction", Duration.ofSeconds(30),
                    () -> !backends(null, "ALTER DATABASE " + Quote.ident(staging) + " RENAME").isEmpty());
            assertThat(oid(db)).as("mid-swap: the old copy is renamed away inside the open transaction, so the name "
                    + "still shows it to others").isPositive();
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : new Connection[] {first, second}) {
                if (c != null && !c.isClosed()) {
                    c.rollback();
                    c.close();
                }
            }
        }
    }

    // ---- one scenario: a project, its copy, its folder ------------------------------------------------

    static final class Scenario {
        final FaultBench bench;
        final String project;
        final String db;
        final String staging;
        final Path dir;

        Scenario(FaultBench bench, String label) throws IOException {
            this.bench = bench;
            this.project = bench.dbs.newName();
            this.db = project + "_c";
            this.staging = db + "__restoring";
            this.dir = Files.createDirectories(bench.root.resolve(label + "-" + project));
        }

        /** Writes restore-profiles.yml; {@code top} and {@code profile} are YAML lines (key: value) of each level. */
        void yaml(Map<String, String> profile) throws IOException {
            yaml(Map.of(), profile);
        }

        void yaml(Map<String, String> top, Map<String, String> profile) throws IOException {
            StringBuilder y = new StringBuilder();
            y.append("version: 1\nproject: ").append(project).append("\ndefaultProfile: p\n");
            y.append("target:\n  url: \"postgres://").append(bench.role)
                    .append(":${env:FAULTS_PG_PASSWORD}@127.0.0.1:").append(TestPg.server().port()).append("/postgres\"\n");
            y.append("prune: { keep: 5 }\n");
            Map<String, String> t = new java.util.TreeMap<>(top);
            t.forEach((k, v) -> y.append(k).append(": ").append(v).append('\n'));
            y.append("profiles:\n  p:\n");
            new java.util.TreeMap<>(profile).forEach((k, v) -> y.append("    ").append(k).append(": ").append(v).append('\n'));
            Files.writeString(dir.resolve("restore-profiles.yml"), y.toString());
        }

        ConfigFile config() {
            return ConfigLoader.load(dir.resolve("restore-profiles.yml"), new Interpolator(Map.of(), bench.env()));
        }

        RunOptions options() {
            return RunOptions.of(dir.resolve("restore-profiles.yml")).withDatabase(db).withOnExists(OnExists.OVERWRITE)
                    .withReportDir(dir.resolve("report")).withCacheDir(dir.resolve("cache")).withEnvironment(bench.env());
        }

        /** The restore use case as the goal wires it, with a short retry policy for the download. */
        RestoreCopy pipeline(Progress progress, Duration idle) {
            SourceContext ctx = new SourceContext(bench.env(), dir, dir, Credentials.NONE, progress,
                    new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), idle));
            return new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER, spec -> BackupSources.create(spec, ctx),
                    new ConnectionResolver(Map.of(), dir), new Sanitizer(), ZoneOffset.UTC));
        }

        /** The prune goal with a clock two hours ahead: a staging database left by a dead run is over the hour it is spared. */
        Pruner.Result pruneLater(Progress progress) {
            ConfigFile config = config();
            RunOptions options = RunOptions.of(config.file()).withEnvironment(bench.env());
            return new PruneCopies(new ConnectionResolver(Map.of(), dir), progress,
                    Clock.offset(Clock.systemUTC(), Duration.ofHours(2))).run(config, options, null);
        }

        String report() throws IOException {
            Path r = dir.resolve("report").resolve("report.json");
            return Files.exists(r) ? Files.readString(r) : "";
        }

        /** Neither the staging database nor an old copy parked under __replaced is left. */
        void assertNothingLeftBehind(String log) {
            try (PgAdmin admin = TestPg.admin()) {
                List<String> left = admin.allDatabases().stream().map(PgAdmin.DatabaseInfo::name)
                        .filter(n -> n.startsWith(db + "__")).toList();
                assertThat(left).as("staging or __replaced databases of " + db + "; log:\n" + log).isEmpty();
            }
        }
    }

    /** A Progress that records what the Maven log would show and can stop the run at a line (in-process faults). */
    static final class PausingProgress implements Progress {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private volatile String pauseOn;
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        PausingProgress pauseOn(String text) {
            this.pauseOn = text;
            return this;
        }

        @Override
        public void info(String message) {
            line("INFO ", message);
        }

        @Override
        public void warn(String message) {
            line("WARN ", message);
        }

        @Override
        public void debug(String message) {
            lines.add("DEBUG " + dev.dbrestore.support.Redactor.redact(message));
        }

        private void line(String level, String message) {
            lines.add(level + dev.dbrestore.support.Redactor.redact(message));
            String p = pauseOn;
            if (p != null && message.contains(p)) {
                pauseOn = null;
                paused.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    static Pattern lineStarting(String prefix) {
        return Pattern.compile("^" + Pattern.quote(prefix));
    }

    static String firstMatch(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group() : null;
    }
}
