package dev.dbrestore.faults;

import dev.dbrestore.report.RunReport;
import dev.dbrestore.sql.Quote;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's disk fills up during the restore. The test (root, on the server's machine) mounts a
 * small tmpfs, makes it a tablespace, and moves the empty staging database onto it just before the
 * engine starts (the run is held at its "Restoring into" log line): every table, index and large
 * object the restore writes then lands on the small disk, and PostgreSQL answers "could not extend
 * file …: No space left on device" at the step the disk's size chooses. WAL stays on the server's
 * own disk, so no other database notices. Skipped where the test cannot mount a filesystem.
 */
class DiskFullTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_fltd_");
    @TempDir
    static Path root;
    static FaultBench bench;
    static Path mount;
    static String tablespace;
    private static final ExecutorService RUNS = Executors.newCachedThreadPool();

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Assumptions.assumeTrue("127.0.0.1".equals(TestPg.server().host()) || "localhost".equals(TestPg.server().host()),
                "the server's disk is only reachable when the server runs on this machine");
        mount = Files.createDirectories(Path.of("/tmp", TestPg.uniqueName("dbrestore-faults-tiny-")));
        Process p = new ProcessBuilder("sh", "-c", "mount -t tmpfs -o size=16m,uid=$(id -u postgres),gid=$(id -g postgres),mode=0700 "
                + "tmpfs " + mount).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here: " + out);
        tablespace = TestPg.uniqueName("t_fltd_ts_");
        TestPg.execute("postgres", "CREATE TABLESPACE " + Quote.ident(tablespace) + " LOCATION " + Quote.literal(mount.toString()));
        bench = new FaultBench(DBS, root);
        bench.restoreBase();
    }

    @AfterAll
    static void tearDown() throws Exception {
        RUNS.shutdownNow();
        if (tablespace != null) {
            DBS.dropAll(); // a database left on the tablespace would keep it from being dropped
            TestPg.execute("postgres", "DROP TABLESPACE IF EXISTS " + Quote.ident(tablespace));
        }
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    /**
     * The free space decides the step that fills the disk (acme-pg15.dump, measured on PostgreSQL 15). From a
     * file the native engine loads tables and large objects at once, so either may meet the full disk first.
     */
    @ParameterizedTest(name = "disk full with {0} KB free: {2} ({1})")
    @CsvSource({
            "400, native, schema, EXTENSION",
            "1200, native, data, TABLE DATA|BLOBS",
            "1200, pg_restore, data, COPY",
            "2600, pg_restore, post-data, ADD CONSTRAINT"})
    void theServersDiskFillsUp(int freeKb, String engine, String step, String failedAt) throws Exception {
        FaultBench.Scenario s = new FaultBench.Scenario(bench, "full-" + freeKb);
        s.yaml(Map.of("engine", engine), Map.of("source", "{ file: \"" + FaultBench.DUMP + "\" }"));
        bench.copyOfAcme(s.db, s.project, "2020-06-30T10:00:00Z");
        long previousOid = bench.oid(s.db);
        FaultBench.PausingProgress progress = new FaultBench.PausingProgress().pauseOn("Restoring into");
        RunReport report = new RunReport("restore", "p");
        Future<Object> run = RUNS.submit(() -> {
            try {
                return s.pipeline(progress, Duration.ofSeconds(5)).run(s.config(), s.options(), report);
            } catch (RuntimeException | Error e) {
                report.finish("failed", e.getMessage());
                return e;
            } finally {
                report.writeTo(s.dir.resolve("report"));
            }
        });
        try {
            assertThat(progress.paused.await(60, TimeUnit.SECONDS)).as(progress.text()).isTrue();
            TestPg.execute("postgres", "ALTER DATABASE " + Quote.ident(s.staging) + " SET TABLESPACE " + Quote.ident(tablespace));
            long used = usedKb();
            remount(used + freeKb);
        } finally {
            progress.resume.countDown();
        }
        Object outcome = run.get(120, TimeUnit.SECONDS);
        String log = progress.text();

        assertThat(outcome).as("the run fails; log:\n" + log).isInstanceOfAny(UserError.class, Fault.class);
        Throwable e = (Throwable) outcome;
        System.out.println("FAULT-MESSAGE disk full " + freeKb + " KB " + engine + ": " + e.getMessage());
        // failedAt: the entry, or alternatives (a|b) where parallel loading decides which entry meets the full disk first
        // the server says disk full as ENOSPC's text or, after a short write, "wrote only 4096 of 8192 bytes" with
        // SQLSTATE 53100 (disk_full); either way the message must carry it
        assertThat(e.getMessage()).containsAnyOf("No space left on device", "SQLSTATE 53100")
                .containsAnyOf(failedAt.split("\\|"));
        assertThat(e.getSuppressed()).isEmpty();
        StringWriter chain = new StringWriter();
        e.printStackTrace(new PrintWriter(chain));
        bench.assertNoLeak("the exception chain", chain.toString());
        bench.assertNoLeak("log", log);
        bench.assertNoLeak("report.json", s.report());
        assertThat(TestPg.exists(s.staging)).as("the failed run dropped its staging database, freeing the disk").isFalse();
        assertThat(usedKb()).isLessThan(100);
        assertThat(bench.oid(s.db)).isEqualTo(previousOid);
        assertThat(Fixtures.acmeChecksums(s.db)).isEqualTo(bench.acmeChecksums);
        FaultBench.await("the run's backends to end", Duration.ofSeconds(30), () -> bench.backends(null, null).isEmpty());
        bench.awaitNoSessions(s.db);
        FaultBench.PausingProgress prune = new FaultBench.PausingProgress();
        s.pruneLater(prune);
        s.assertNothingLeftBehind(prune.text());
        remount(16 * 1024);
    }

    private static long usedKb() throws Exception {
        Process p = new ProcessBuilder("df", "-k", "--output=used", mount.toString()).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        return Long.parseLong(lines.get(1).trim());
    }

    private static void remount(long kb) throws Exception {
        Process p = new ProcessBuilder("mount", "-o", "remount,size=" + kb + "k", mount.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
