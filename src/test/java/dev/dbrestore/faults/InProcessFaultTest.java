package dev.dbrestore.faults;

import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.lifecycle.DownloadCache;
import dev.dbrestore.lifecycle.EnvFile;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RangeFileHandler;
import dev.dbrestore.testing.TestPg;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults a restore meets while it runs (in this JVM, so the outcome is the exception itself): the
 * server ends its connection (pg_terminate_backend of the run's backends) at each step, the
 * download drops more often than the retry budget allows, the backup is replaced while it
 * downloads, the server's disk fills up. After each: exactly one exception, a UserError or a
 * Fault with a message a person can act on; the previous copy is the same database with the
 * same checksums; after a prune two hours later no staging or {@code __replaced} database is
 * left; neither the password, the download token nor a row value is in the log, the exception
 * chain (what {@code -X} prints) or report.json.
 */
class InProcessFaultTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_flti_");
    @TempDir
    static Path root;
    static FaultBench bench;
    static HoldingHttpServer http;
    private static final ExecutorService RUNS = Executors.newCachedThreadPool();

    @BeforeAll
    static void setUp() throws Exception {
        bench = new FaultBench(DBS, root);
        bench.restoreBase();
        http = new HoldingHttpServer(FaultBench.DUMP, bench.token);
    }

    @AfterAll
    static void tearDown() {
        if (http != null) {
            http.close();
        }
        RUNS.shutdownNow();
    }

    /** One restore running on its own thread. */
    private static final class Running {
        final FaultBench.Scenario s;
        final FaultBench.PausingProgress progress = new FaultBench.PausingProgress();
        final RunReport report = new RunReport("restore", "p");
        final long previousOid;
        Future<Object> outcome;

        Running(FaultBench.Scenario s) {
            this.s = s;
            bench.copyOfAcme(s.db, s.project, "2020-06-30T10:00:00Z");
            this.previousOid = bench.oid(s.db);
        }

        Running start() {
            outcome = RUNS.submit(() -> {
                try {
                    return s.pipeline(progress, Duration.ofSeconds(5)).run(s.config(), s.options(), report);
                } catch (RuntimeException | Error e) {
                    report.finish("failed", e.getMessage());
                    return e;
                } finally {
                    report.writeTo(s.dir.resolve("report"));
                }
            });
            return this;
        }

        boolean alive() {
            return !outcome.isDone();
        }

        Object outcome() throws Exception {
            return outcome.get(90, TimeUnit.SECONDS);
        }
    }

    // ---- the server connection terminated ------------------------------------------------------

    @ParameterizedTest(name = "connection terminated at {0}")
    @EnumSource(Step.class)
    void theServerEndsTheRestoresConnection(Step step) throws Exception {
        FaultBench.Scenario s = new FaultBench.Scenario(bench, "term-" + step);
        String engine = step == Step.DOWNLOAD || step.ordinal() % 2 == 1 ? "pg_restore" : "native";
        step.configure(s, engine, http.url(), true);
        String envBefore = "export DATABASE_URL=postgres://" + bench.role + "@127.0.0.1:5432/" + s.project + "_elsewhere\n";
        Files.writeString(s.dir.resolve(".envrc"), envBefore);
        String old = s.project + "_old";
        if (step == Step.AUTO_PRUNE) {
            bench.copyOfAcme(old, s.project, "2000-01-01T00:00:00Z");
        }
        Running run = new Running(s);
        if (step == Step.DOWNLOAD) {
            http.holdAfter(Files.size(FaultBench.DUMP) / 2);
        }
        if (step.pauseOn(s) != null) {
            run.progress.pauseOn(step.pauseOn(s));
        }
        FaultBench.SwapLatch latch = step == Step.SWAP ? bench.new SwapLatch(s.db, s.staging) : null;
        run.start();
        int terminated;
        try {
            switch (step) {
                case DOWNLOAD -> FaultBench.await("the download to stop mid-body", Duration.ofSeconds(60),
                        () -> http.holding.get() > 0 && !bench.backends(s.staging, null).isEmpty() || !run.alive());
                case SWAP -> latch.awaitMidSwap(run::alive);
                case ENV_FILE, AUTO_PRUNE -> FaultBench.await("the log line before " + step, Duration.ofSeconds(60),
                        () -> run.progress.paused.getCount() == 0 || !run.alive());
                default -> FaultBench.await("the hold at " + step, Duration.ofSeconds(60),
                        () -> !bench.backends(s.staging, FaultBench.HOLD).isEmpty() || !run.alive());
            }
            assertThat(run.alive()).as("held at " + step + ": " + run.progress.text()).isTrue();
            // the restore's own backends: in the staging database while it loads, sanitizes and verifies; the
            // maintenance connection that swaps, and autoPrune's, after that
            // a backend seen a moment ago may have been a short one (a preparation connection) that ended before
            // this: terminate until one of the restore's own is hit, while the restore is still held there
            int[] hit = {0};
            FaultBench.await("a backend of the restore to terminate at " + step, Duration.ofSeconds(10),
                    () -> (hit[0] += bench.terminate(step.beforeSwap() ? s.staging : null)) > 0 || !run.alive());
            terminated = hit[0];
        } finally {
            if (latch != null) {
                latch.close();
            }
            http.release();
            run.progress.resume.countDown();
        }
        assertThat(terminated).as("backends terminated").isPositive();
        Object outcome = run.outcome();
        String log = run.progress.text();

        if (step == Step.ENV_FILE || step == Step.AUTO_PRUNE) {
            // the copy is in place before either: the connection lost afterwards costs nothing but autoPrune's work
            assertThat(outcome).as(log).isInstanceOf(RestoreResult.class);
            assertThat(bench.oid(s.db)).isNotEqualTo(run.previousOid);
            assertThat(new EnvFile(s.dir.resolve(".envrc")).get("DATABASE_URL")).endsWith("/" + s.db);
            if (step == Step.AUTO_PRUNE) {
                assertThat(log).contains("autoPrune failed (the restore itself succeeded)");
            }
            assertThat(Fixtures.acmeChecksums(s.db)).isEqualTo(bench.acmeChecksums);
        } else {
            assertOneClearFailure(step.toString(), outcome, log, step == Step.SWAP);
            if (step == Step.SWAP) {
                // the swap's own connection is the one that was ended: the run cannot drop its staging database,
                // says so, and leaves it to the next run or prune (checked below)
                assertThat(log).contains("Could not clean up " + s.staging);
            } else {
                assertThat(TestPg.exists(s.staging)).as("the failed run dropped its staging database").isFalse();
            }
            assertThat(bench.oid(s.db)).as("the previous copy is the same database").isEqualTo(run.previousOid);
            assertThat(Fixtures.acmeChecksums(s.db)).as("the previous copy, byte for byte").isEqualTo(bench.acmeChecksums);
            assertThat(Files.readString(s.dir.resolve(".envrc"))).isEqualTo(envBefore);
        }
        if (step == Step.DOWNLOAD) {
            assertThat(new DownloadCache(s.dir.resolve("cache"), DownloadCache.DEFAULT_MAX_BYTES, Clock.systemUTC()).entries())
                    .as("a download cut short is never kept as a cached backup").isEmpty();
        }
        bench.assertNoLeak("log", log);
        bench.assertNoLeak("report.json", s.report());
        afterwards(s, old);
    }

    // ---- the download ---------------------------------------------------------------------------

    @ParameterizedTest(name = "download cut every {0} bytes, {1}")
    @CsvSource({"100, native", "40000, pg_restore"})
    void theDownloadDropsMoreOftenThanTheRetryBudgetAllows(int everyBytes, String engine) throws Exception {
        RangeFileHandler handler = new RangeFileHandler(FaultBench.DUMP);
        handler.failures = Integer.MAX_VALUE;
        handler.dropAfterBytes = everyBytes;
        Object outcome = restoreOverHttp("cut-" + everyBytes, handler, engine, 6);
        assertThat(((Throwable) outcome).getMessage()).contains("the connection dropped 3 times");
    }

    @Test
    void theBackupIsReplacedWhileItDownloads() throws Exception {
        RangeFileHandler handler = new RangeFileHandler(FaultBench.DUMP);
        handler.failures = 1;
        handler.dropAfterBytes = 150_000;
        handler.changeEtagAfterFirst = true;
        Object outcome = restoreOverHttp("replaced", handler, "native", 6);
        assertThat(((Throwable) outcome).getMessage()).contains("changed while it was downloading");
    }

    /**
     * The object is replaced by a newer backup after the source listed it and before the download
     * began (the run is held at its "Backup:" line, between the two). The download reads one object,
     * whole: never a mix of the two.
     */
    @Test
    void theBackupIsReplacedBetweenListingAndDownload() throws Exception {
        FaultBench.Scenario s = new FaultBench.Scenario(bench, "replaced-listing");
        s.yaml(Map.of("engine", "native"), Map.of("source", "{ url: { url: \"" + http.url()
                + "\", headers: { Authorization: \"Bearer ${env:FAULTS_TOKEN}\" } } }"));
        Running run = new Running(s);
        run.progress.pauseOn("Backup: ");
        run.start();
        Path newer = Fixtures.acme("acme-pg17.dump");
        try {
            assertThat(run.progress.paused.await(60, TimeUnit.SECONDS)).isTrue();
            http.serve(newer);
        } finally {
            run.progress.resume.countDown();
        }
        Object outcome;
        try {
            outcome = run.outcome();
        } finally {
            http.serve(FaultBench.DUMP);
        }
        String log = run.progress.text();
        // the download must find the listed version: a newer object is never restored under the listed one's date and size
        assertOneClearFailure("replaced-listing", outcome, log, false);
        assertThat(((Throwable) outcome).getMessage()).contains("was replaced after it was listed");
        assertThat(bench.oid(s.db)).isEqualTo(run.previousOid);
        assertThat(Fixtures.acmeChecksums(s.db)).isEqualTo(bench.acmeChecksums);
        bench.assertNoLeak("log", log);
        bench.assertNoLeak("report.json", s.report());
        afterwards(s, null);
    }

    /** Restores over {@code handler} over an existing copy, expecting one clear failure; returns it. */
    private Object restoreOverHttp(String label, RangeFileHandler handler, String engine, int maxRequests) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/acme.dump", handler::handle);
        server.start();
        try {
            FaultBench.Scenario s = new FaultBench.Scenario(bench, label);
            // a signed URL and a bearer token: neither may be printed
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/acme.dump?X-Amz-Signature=" + bench.token;
            s.yaml(Map.of("engine", engine), Map.of("source", "{ url: { url: \"" + url
                    + "\", headers: { Authorization: \"Bearer ${env:FAULTS_TOKEN}\" } } }"));
            Running run = new Running(s).start();
            Object outcome = run.outcome();
            String log = run.progress.text();
            assertOneClearFailure(label, outcome, log, false);
            assertThat(handler.requests.get()).isLessThanOrEqualTo(maxRequests);
            assertThat(TestPg.exists(s.staging)).as("the failed run dropped its staging database").isFalse();
            assertThat(bench.oid(s.db)).isEqualTo(run.previousOid);
            assertThat(Fixtures.acmeChecksums(s.db)).isEqualTo(bench.acmeChecksums);
            bench.assertNoLeak("log", log);
            bench.assertNoLeak("report.json", s.report());
            afterwards(s, null);
            return outcome;
        } finally {
            server.stop(0);
        }
    }

    // ---- a fault that hits an INSERT of a row ------------------------------------------------------

    /**
     * A plain dump written with {@code pg_dump --inserts} (rows as INSERT statements, as many plain
     * dumps are) loses its connection while the INSERT of auth_user's first row runs: the statement
     * the message quotes holds the row's values, which must not be printed.
     */
    @Test
    void theConnectionEndsDuringAnInsertOfARow() throws Exception {
        FaultBench.Scenario s = new FaultBench.Scenario(bench, "insert");
        Path dump = bench.insertsDumpHoldingBefore("INSERT INTO public.auth_user ");
        s.yaml(Map.of("engine", "native"), Map.of("source", "{ file: \"" + dump + "\" }"));
        Running run = new Running(s).start();
        try (var lock = TestPg.connect("postgres")) {
            FaultBench.await("the short hold before auth_user's rows", Duration.ofSeconds(60),
                    () -> !bench.backends(s.staging, FaultBench.HOLD).isEmpty() || !run.alive());
            try (var inStaging = TestPg.connect(s.staging); var st = inStaging.createStatement()) {
                inStaging.setAutoCommit(false);
                st.execute("LOCK TABLE public.auth_user IN ACCESS EXCLUSIVE MODE");
                FaultBench.await("the INSERT of auth_user's first row to wait", Duration.ofSeconds(30),
                        () -> !bench.backends(s.staging, "INSERT INTO public.auth_user").isEmpty() || !run.alive());
                assertThat(run.alive()).isTrue();
                assertThat(bench.terminate(s.staging)).isPositive();
                inStaging.rollback();
            }
        }
        Object outcome = run.outcome();
        String log = run.progress.text();
        assertOneClearFailure("insert", outcome, log, false);
        assertThat(((Throwable) outcome).getMessage()).contains("public.auth_user");
        bench.assertNoLeak("log", log);
        bench.assertNoLeak("report.json", s.report());
        assertThat(bench.oid(s.db)).isEqualTo(run.previousOid);
        afterwards(s, null);
    }

    /**
     * The same with pg_restore and a custom archive written with {@code pg_dump -Fc --inserts}: the
     * connection ends while the archive streams in mid-data; pg_restore then fails every following
     * INSERT and prints each ("Command was: INSERT INTO … VALUES (…)"), rows included.
     */
    @Test
    void theConnectionEndsWhilePgRestoreLoadsInsertStatements() throws Exception {
        FaultBench.Scenario s = new FaultBench.Scenario(bench, "inserts-pgrestore");
        Path dump = bench.insertsArchive();
        s.yaml(Map.of("engine", "pg_restore"), Map.of("source", "{ url: { url: \"" + http.url()
                + "\", headers: { Authorization: \"Bearer ${env:FAULTS_TOKEN}\" } } }"));
        http.serve(dump);
        http.holdAfter(Files.size(dump) * 6 / 10);
        Running run = new Running(s);
        run.start();
        try {
            FaultBench.await("pg_restore to wait for the rest of the archive", Duration.ofSeconds(60),
                    () -> http.holding.get() > 0 && idleInStaging(s) || !run.alive());
            assertThat(run.alive()).isTrue();
            assertThat(bench.terminate(s.staging)).isPositive();
        } finally {
            http.release();
            http.serve(FaultBench.DUMP);
        }
        Object outcome = run.outcome();
        String log = run.progress.text();
        assertOneClearFailure("inserts-pgrestore", outcome, log, false);
        bench.assertNoLeak("log", log);
        bench.assertNoLeak("report.json", s.report());
        assertThat(bench.oid(s.db)).isEqualTo(run.previousOid);
        afterwards(s, null);
    }

    private static boolean idleInStaging(FaultBench.Scenario s) {
        try {
            return "t".equals(TestPg.queryOne("postgres", "SELECT bool_and(state = 'idle') AND count(*) > 0 FROM pg_stat_activity"
                    + " WHERE datname = '" + s.staging + "' AND usename = '" + bench.role + "'"))
                    && "1".equals(TestPg.queryOne(s.staging, "SELECT count(*) FROM pg_class WHERE relname = 'auth_user'"));
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    // ---- checks ---------------------------------------------------------------------------------

    /** Exactly one exception, ours, with a message that says what happened; none of it secret. */
    private static void assertOneClearFailure(String what, Object outcome, String log, boolean cleanupMayFail) {
        assertThat(outcome).as("the run fails; log:\n" + log).isInstanceOfAny(UserError.class, Fault.class);
        Throwable e = (Throwable) outcome;
        System.out.println("FAULT-MESSAGE " + what + ": " + e.getMessage());
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\tat ");
        StringWriter chain = new StringWriter();
        e.printStackTrace(new PrintWriter(chain)); // what mvn -X prints
        bench.assertNoLeak("the exception chain", chain.toString());
        if (!cleanupMayFail) {
            assertThat(e.getSuppressed()).as("the cleanup did not fail").isEmpty();
        }
    }

    /** A prune two hours later (any dead run's staging mark is then over the hour it is spared) leaves nothing behind. */
    private static void afterwards(FaultBench.Scenario s, String old) {
        FaultBench.await("the run's backends to end", Duration.ofSeconds(30), () -> bench.backends(null, null).isEmpty());
        bench.awaitNoSessions(s.db);
        FaultBench.PausingProgress prune = new FaultBench.PausingProgress();
        s.pruneLater(prune);
        assertThat(TestPg.exists(s.db)).isTrue();
        s.assertNothingLeftBehind(prune.text());
        if (old != null) {
            assertThat(TestPg.exists(old)).as("the prune finished autoPrune's work; " + prune.text()).isFalse();
        }
        bench.assertNoLeak("the prune's log", prune.text());
    }

    static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
