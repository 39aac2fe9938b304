package dev.dbrestore.lifecycle;

import dev.dbrestore.app.PruneCopies;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs that meet on one server: the same name (one wins), different names (in parallel), a run killed with -9. */
class ConcurrencyTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_life_");
    private static final Path DUMP = Fixtures.acme("acme-pg15.dump");

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();
    private final String project = DBS.newName();

    /** About two seconds per restore: long enough for two runs started together to meet. */
    private static TestSource slowSource() throws Exception {
        return new TestSource(DUMP, Instant.parse("2020-06-30T12:00:00Z"), Files.size(DUMP), 8192, 50);
    }

    private RestoreCopy pipeline(TestSource source) {
        return new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER, spec -> source,
                Pipelines.connections(dir), null, ZoneOffset.UTC));
    }

    private ConfigFile config() {
        Profile profile = new Profile("local", false, new SourceSpec.Url("https://backups.example/acme.dump", Map.of()),
                List.of(), List.of(), Map.of(), List.of(), List.of(), null, Settings.empty());
        return Pipelines.config(dir, project, Pipelines.settings(null, null, null), profile);
    }

    /** Starts the restores at the same moment; each outcome is the database name or the exception. */
    private List<Object> together(List<TestSource> sources, List<String> databases) throws Exception {
        ConfigFile config = config();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(databases.size());
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < databases.size(); i++) {
                RestoreCopy pipeline = pipeline(sources.get(i));
                RunOptions options = RunOptions.of(config.file()).withDatabase(databases.get(i));
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return pipeline.run(config, options, new RunReport("restore", null)).database();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRestoresToTheSameNameStartedTogetherExactlyOneWins() throws Exception {
        String db = project + "_same";
        TestSource source = slowSource();

        List<Object> outcomes = together(List.of(source, source), List.of(db, db));

        assertThat(outcomes).filteredOn(db::equals).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof UserError).singleElement()
                .satisfies(e -> assertThat(((UserError) e).getMessage())
                        .startsWith("Another dbrestore run is restoring " + db + " on ")
                        .contains("Wait for it to finish"));
        assertThat(source.opens).as("the loser never opened the backup").hasValue(1);
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    @Test
    void restoresToDifferentNamesRunInParallel() throws Exception {
        TestSource a = slowSource();
        TestSource b = slowSource();

        List<Object> outcomes = together(List.of(a, b), List.of(project + "_a", project + "_b"));

        assertThat(outcomes).containsExactly(project + "_a", project + "_b");
        assertThat(a.firstReadNanos).as("b was still streaming when a started").isLessThan(b.lastReadNanos);
        assertThat(b.firstReadNanos).as("a was still streaming when b started").isLessThan(a.lastReadNanos);
        assertThat(Fixtures.acmeChecksums(project + "_a")).isEqualTo(Fixtures.acmeChecksums(project + "_b"));
    }

    @Test
    void aStagingDatabaseLeftByAKilledRunIsDroppedByTheNextPrune() throws Exception {
        String db = project + "_killed";
        String staging = db + "__restoring";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowRestoreMain.class.getName(), project, db, DUMP.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            await("the child's staging database, marked", Duration.ofSeconds(60),
                    () -> stagingMark(staging) != null || !child.isAlive());
            assertThat(child.isAlive()).as("child still restoring; its log:\n" + Files.readString(dir.resolve("child.log")))
                    .isTrue();
            assertThat(stagingMark(staging).target()).isEqualTo(db);

            // while the run lives, its lock protects its staging database, however old it looks
            Clock twoHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
            prune(twoHoursLater);
            assertThat(TestPg.exists(staging)).isTrue();
            assertThat(progress.text()).contains("a dbrestore run is using it right now");

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        } finally {
            child.destroyForcibly();
        }
        // no shutdown hook ran: the staging database is still there, once its pg_restore has noticed the end
        await("pg_restore to leave " + staging, Duration.ofSeconds(30), () -> connections(staging) == 0);
        assertThat(TestPg.exists(staging)).isTrue();

        prune(Clock.systemUTC());
        assertThat(TestPg.exists(staging)).as("younger than an hour: may be a live run elsewhere").isTrue();
        assertThat(progress.text()).contains("may belong to a running restore");

        Pruner.Result result = prune(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        assertThat(result.dropped()).containsExactly(staging);
        assertThat(TestPg.exists(staging)).isFalse();
        assertThat(TestPg.exists(db)).isFalse();
    }

    private Pruner.Result prune(Clock clock) {
        ConfigFile config = config();
        return new PruneCopies(Pipelines.connections(dir), progress, clock).run(config, RunOptions.of(config.file()), null);
    }

    private static Provenance stagingMark(String database) {
        try (PgAdmin admin = TestPg.admin()) {
            return admin.exists(database) ? Provenance.parse(admin.comment(database)).filter(Provenance::isStaging).orElse(null)
                    : null;
        }
    }

    private static int connections(String database) {
        try (PgAdmin admin = TestPg.admin()) {
            return admin.openConnections(database);
        }
    }

    /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
