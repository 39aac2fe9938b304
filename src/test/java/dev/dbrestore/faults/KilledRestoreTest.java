package dev.dbrestore.faults;

import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.lifecycle.DownloadCache;
import dev.dbrestore.lifecycle.EnvFile;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore goal in a process of its own, stopped at each step of the pipeline by kill -9, by
 * SIGTERM (shutdown hooks run), and by Ctrl-C as a terminal sends it (SIGINT to the whole process
 * group, pg_restore and psql included). After each: the process ended non-zero with at most one
 * error line and no stack trace; a Ctrl-C/SIGTERM before the swap left no staging database; the
 * previous copy of the name is the same database with the same checksums (before the swap) or the
 * new complete copy (after it); the next run (after kill -9) or a prune two hours later leaves no
 * staging or {@code __replaced} database; neither the password, the download token nor a row
 * value is in the output or report.json.
 */
class KilledRestoreTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_fltk_");
    @TempDir
    static Path root;
    static FaultBench bench;
    static HoldingHttpServer http;

    enum Signal {
        /** kill -9 of the JVM (as the OS's OOM killer or {@code kill -9 <mvn pid>} would) */
        KILL(137),
        /** SIGTERM to the JVM alone (Process.destroy): shutdown hooks run */
        TERM(143),
        /** SIGINT to the process group, as Ctrl-C in a terminal: the JVM and its pg_restore/psql child */
        CTRL_C(130);

        final int exitCode;

        Signal(int exitCode) {
            this.exitCode = exitCode;
        }
    }

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
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        int i = 0;
        String only = System.getProperty("faults.steps", ""); // e.g. -Dfaults.steps=SWAP,DATA while working on one
        for (Step step : Step.values()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(step.name())) {
                continue;
            }
            for (Signal signal : Signal.values()) {
                if (signal == Signal.CTRL_C && !step.beforeSwap() && step != Step.SWAP) {
                    continue; // no child process is running after the swap: Ctrl-C is SIGTERM's case
                }
                // both engines at every step and for every signal, alternating
                String engine = step == Step.DOWNLOAD ? "pg_restore" : (i++ % 2 == 0 ? "native" : "pg_restore");
                all.add(Arguments.of(step, signal, engine));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} at {0} ({2})")
    @MethodSource("matrix")
    void aRestoreStoppedAtAStepLeavesThePreviousCopyAndNothingElse(Step step, Signal signal, String engine) throws Exception {
        FaultBench.Scenario s = new FaultBench.Scenario(bench, step + "-" + signal);
        step.configure(s, engine, http.url(), true);
        bench.copyOfAcme(s.db, s.project, "2020-06-30T10:00:00Z");
        long previousOid = bench.oid(s.db);
        String envBefore = "# keep me\nexport OTHER=1\nexport DATABASE_URL=postgres://" + bench.role + "@127.0.0.1:5432/"
                + s.project + "_elsewhere\n";
        Files.writeString(s.dir.resolve(".envrc"), envBefore);
        String old = s.project + "_old";
        if (step == Step.AUTO_PRUNE) {
            bench.copyOfAcme(old, s.project, "2000-01-01T00:00:00Z");
        }
        if (step == Step.DOWNLOAD) {
            http.holdAfter(Files.size(FaultBench.DUMP) / 2);
        }
        FaultBench.SwapLatch latch = step == Step.SWAP ? bench.new SwapLatch(s.db, s.staging) : null;

        Path log = s.dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FaultChildMain.class.getName(), s.dir.toString(), s.db));
        if (step.pauseOn(s) != null) {
            command.add(step.pauseOn(s));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FAULTS_PG_PASSWORD", bench.password);
        pb.environment().put("FAULTS_TOKEN", bench.token);
        Process child = pb.start();
        try {
            // ---- hold the run at the step
            switch (step) {
                case DOWNLOAD -> FaultBench.await("the download to stop mid-body", Duration.ofSeconds(60),
                        () -> http.holding.get() > 0 && !bench.backends(s.staging, null).isEmpty() || !child.isAlive());
                case SWAP -> latch.awaitMidSwap(child::isAlive);
                case ENV_FILE, AUTO_PRUNE -> FaultBench.await("the child to stop at its log line", Duration.ofSeconds(60),
                        () -> read(log).contains("PAUSED") || !child.isAlive());
                default -> FaultBench.await("the hold at " + step, Duration.ofSeconds(60),
                        () -> !bench.backends(s.staging, FaultBench.HOLD).isEmpty() || !child.isAlive());
            }
            assertThat(child.isAlive()).as("the child is held at " + step + "; its log:\n" + read(log)).isTrue();

            // ---- the fault
            switch (signal) {
                case KILL -> child.destroyForcibly();
                case TERM -> child.destroy();
                case CTRL_C -> assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + child.pid()).start().waitFor())
                        .isZero();
            }
            if (latch != null) {
                Thread.sleep(300); // let the signal land while the swap still waits
                latch.close();
            }
            if (step == Step.DOWNLOAD) {
                Thread.sleep(300);
                http.release();
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ends; its log:\n" + read(log)).isTrue();
        } finally {
            child.destroyForcibly();
            if (latch != null) {
                latch.close();
            }
            http.release();
        }

        // ---- the run ended non-zero with at most one message, no stack trace, nothing secret
        String output = read(log);
        assertThat(child.exitValue()).as("exit code; log:\n" + output).isEqualTo(signal.exitCode);
        assertThat(output.lines().filter(l -> l.startsWith("ERROR "))).as("one message at most; " + output).hasSizeLessThanOrEqualTo(1);
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        bench.assertNoLeak("child output", output);
        bench.assertNoLeak("report.json", s.report());

        // ---- what the fault left
        if (signal == Signal.KILL) {
            bench.endOrphanHolds();
        }
        // the dead run's sessions end on the server (a DROP DATABASE it had sent runs to its end)
        FaultBench.await("the run's backends to end", Duration.ofSeconds(30), () -> bench.backends(null, null).isEmpty());
        if (signal != Signal.KILL && step.beforeSwap()) {
            assertThat(TestPg.exists(s.staging)).as("Ctrl-C/SIGTERM dropped the staging database; log:\n" + output).isFalse();
        }
        long oid = bench.oid(s.db);
        assertThat(oid).as("the name is never missing; log:\n" + output).isPositive();
        System.out.println("OUTCOME " + signal + " at " + step + " (" + engine + "): exit " + child.exitValue()
                + ", " + (oid == previousOid ? "previous copy in place" : "new copy in place")
                + ", staging " + (TestPg.exists(s.staging) ? "left for the next run/prune" : "dropped") + ", message: "
                + output.lines().filter(l -> l.startsWith("ERROR ") || l.startsWith("[dbrestore]")).toList());
        if (step.beforeSwap() || step == Step.SWAP && signal == Signal.KILL) {
            assertThat(oid).as("the previous copy is the same database").isEqualTo(previousOid);
        } else if (step != Step.SWAP) {
            assertThat(oid).as("after the swap the new copy is in place").isNotEqualTo(previousOid);
        }
        // before the swap: the previous copy, byte for byte; after it (or a swap that committed): the complete new copy
        assertThat(Fixtures.acmeChecksums(s.db)).isEqualTo(bench.acmeChecksums);
        if (step == Step.ENV_FILE) {
            assertThat(Files.readString(s.dir.resolve(".envrc"))).as("the env file as it was").isEqualTo(envBefore);
        }
        DownloadCache cache = new DownloadCache(s.dir.resolve("cache"), DownloadCache.DEFAULT_MAX_BYTES, Clock.systemUTC());
        if (step == Step.DOWNLOAD) {
            assertThat(cache.entries()).as("a download cut short is never kept as a cached backup").isEmpty();
        }
        if (step == Step.AUTO_PRUNE && TestPg.exists(old)) {
            assertThat(Fixtures.acmeChecksums(old)).as("an older copy autoPrune did not reach is whole").isEqualTo(bench.acmeChecksums);
        }

        // ---- the next run (after kill -9) or a prune cleans up
        bench.awaitNoSessions(s.db, old);
        FaultBench.PausingProgress after = new FaultBench.PausingProgress();
        if (signal == Signal.KILL) {
            step.configure(s, engine, http.url(), false);
            RestoreResult r = s.pipeline(after, Duration.ofSeconds(5)).run(s.config(), s.options(), new RunReport("restore", null));
            assertThat(r.database()).isEqualTo(s.db);
            assertThat(Fixtures.acmeChecksums(s.db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            if (step == Step.ENV_FILE || step == Step.AUTO_PRUNE) {
                assertThat(new EnvFile(s.dir.resolve(".envrc")).get("DATABASE_URL")).endsWith("/" + s.db);
            }
        } else {
            s.pruneLater(after);
            assertThat(TestPg.exists(s.db)).isTrue();
        }
        s.assertNothingLeftBehind(after.text());
        if (step == Step.AUTO_PRUNE) {
            if (signal != Signal.KILL) {
                assertThat(TestPg.exists(old)).as("the prune finished what autoPrune began; " + after.text()).isFalse();
            } else {
                assertThat(TestPg.exists(old)).as("the next run's autoPrune dropped the older copy; " + after.text()).isFalse();
            }
        }
        if (step == Step.DOWNLOAD && signal == Signal.KILL) {
            assertThat(cache.entries()).as("the next run downloaded the whole backup and cached it").hasSize(1);
        }
        bench.assertNoLeak("the next run's log", after.text());
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
