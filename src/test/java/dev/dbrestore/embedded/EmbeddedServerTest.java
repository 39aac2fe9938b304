package dev.dbrestore.embedded;

import dev.dbrestore.app.CopiesDocument;
import dev.dbrestore.app.ListCopies;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.EmbeddedSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.EmbeddedPg;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code target: embedded} end to end: the real binaries artifacts resolved through Maven's resolver,
 * unpacked, initdb'd and started; the real fixture dumps restored into a server of their own major
 * with every row checked against the fixtures' README. One server per major is shared by the tests
 * and stopped after them; its cluster stays for the next run (the first start of a major, with the
 * unpacking and initdb, costs 10-20 seconds; a later start one).
 */
class EmbeddedServerTest {
    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();

    /** Nothing left running after the tests: the servers of the tests' data folder are stopped (their clusters stay, so a next run starts fast). */
    @AfterAll
    static void stopTheTestServers() {
        EmbeddedPg.servers(new RecordingProgress()).stop(new EmbeddedSpec(null, null, EmbeddedPg.dataDir().toString(), null));
    }

    @ParameterizedTest
    @CsvSource({"acme-pg17.dump, 17", "acme-pg18.dump, 18", "acme-pg15.dump, 15", "acme-pg17.sql, 17"})
    void aDumpIsRestoredIntoAServerOfItsOwnMajorWithEveryRow(String fixture, int major) throws Exception {
        String db = TestPg.uniqueName("t_emb_");
        RestoreResult result = restore(fixture, EmbeddedPg.specForDump(major), db);
        try {
            assertThat(result.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + EmbeddedPg.port(major) + "/" + db);
            ConnectionSettings server = server(major);
            try (Connection c = PgAdmin.open(server, db)) {
                assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
                assertThat(queryInt(c, "SELECT current_setting('server_version_num')::int / 10000")).isEqualTo(major);
                assertThat(queryText(c, "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"))
                        .isEqualTo("UTF8");
                assertThat(queryText(c, "SELECT current_setting('listen_addresses')")).isEqualTo("127.0.0.1");
                assertThat(queryText(c, "SELECT current_setting('fsync')")).isEqualTo("off");
                assertThat(queryText(c, "SELECT current_setting('wal_level')")).isEqualTo("minimal");
            }
        } finally {
            drop(major, db);
        }
    }

    @Test
    void aServerOlderThanTheDumpIsRefusedBeforeAnythingStarts() {
        EmbeddedSpec older = new EmbeddedSpec("15", EmbeddedPg.port(15), EmbeddedPg.dataDir().toString(), null);
        assertThatThrownBy(() -> restore("acme-pg17.dump", older, TestPg.uniqueName("t_emb_")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("target.embedded.version is 15")
                .hasMessageContaining("PostgreSQL 17 server")
                .hasMessageContaining("17 or newer");
        assertThatThrownBy(() -> EmbeddedPg.servers(progress).connect(
                new EmbeddedSpec("9.6", null, EmbeddedPg.dataDir().toString(), null), -1))
                .isInstanceOf(UserError.class).hasMessageContaining("13 or newer");
        assertThat(EmbeddedPg.dataDir().resolve("9")).doesNotExist();
    }

    @Test
    void startReusesStopStopsStatusTellsAndAKilledServerIsRestartedCleanly() throws Exception {
        EmbeddedServers servers = EmbeddedPg.servers(progress);
        EmbeddedSpec spec = EmbeddedPg.spec(15);
        servers.connect(spec, -1);
        long pid = postmasterPid(15);

        ConnectionSettings again = servers.connect(spec, -1);
        assertThat(postmasterPid(15)).as("a second start reuses the running server").isEqualTo(pid);
        assertThat(again.port()).isEqualTo(EmbeddedPg.port(15));
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(ProcessHandle.of(pid).orElseThrow().info().user()).contains(ServerUser.DEFAULT);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(EmbeddedPg.dataDir().resolve("15/password"))))
                .isEqualTo("rw-------");
        for (Path folder : List.of(EmbeddedPg.dataDir(), EmbeddedPg.dataDir().resolve("15"))) {
            // restored production data: nobody else may list these folders (as root the server's user passes through)
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).matches("rwx--[x-]--[x-]");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(EmbeddedPg.dataDir().resolve("15/data"))))
                .isEqualTo("rwx------");

        EmbeddedServers.Status status = servers.status(spec).get(0);
        assertThat(status.major()).isEqualTo(15);
        assertThat(status.running()).isTrue();
        assertThat(status.port()).isEqualTo(EmbeddedPg.port(15));
        assertThat(status.dataFolder()).isEqualTo(EmbeddedPg.dataDir().resolve("15/data"));
        assertThat(status.sizeBytes()).isGreaterThan(1_000_000);
        assertThat(status.binaries()).startsWith("15.");

        // a crash: the postmaster is killed, its postmaster.pid stays behind
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        assertThat(ProcessHandle.of(pid).orElseThrow().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(EmbeddedPg.dataDir().resolve("15/data/postmaster.pid")).exists();
        assertThat(servers.status(spec).get(0).running()).isFalse();
        String db = TestPg.uniqueName("t_emb_");
        restore("acme-pg15.dump", spec, db);
        try (Connection c = PgAdmin.open(server(15), db)) {
            assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            // list and prune work against the embedded server like against any other
            ConfigFile config = config("acme-pg15.dump", spec);
            assertThat(new ListCopies(EmbeddedPg.connections(dir, progress), progress).run(config, RunOptions.of(config.file()))
                    .copies()).extracting(CopiesDocument.Copy::database).contains(db);
        } finally {
            drop(15, db);
        }
        assertThat(postmasterPid(15)).isNotEqualTo(pid);

        assertThat(servers.stop(spec)).containsExactly(15);
        assertThat(servers.status(spec).get(0).running()).isFalse();
        assertThat(servers.stop(spec)).isEmpty();
        assertThat(servers.connect(spec, -1).port()).isEqualTo(EmbeddedPg.port(15));
    }

    @Test
    void twoBuildsStartingTheStoppedServerAtOnceEndWithOneServer() throws Exception {
        EmbeddedServers servers = EmbeddedPg.servers(progress);
        EmbeddedSpec spec = EmbeddedPg.spec(15);
        servers.connect(spec, -1);
        servers.stop(spec);
        List<Process> builds = new ArrayList<>();
        long startAt = System.currentTimeMillis() + 4000;
        for (int i = 0; i < 2; i++) {
            // two JVMs, as two builds: the lock file, not a lock of this JVM, keeps them apart
            builds.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    EmbeddedStartMain.class.getName(), "15", Long.toString(startAt)).redirectErrorStream(true).start());
        }
        List<String> outputs = new ArrayList<>();
        for (Process p : builds) {
            outputs.add(new String(p.getInputStream().readAllBytes()));
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(outputs.get(outputs.size() - 1)).isZero();
        }
        assertThat(outputs).allSatisfy(out -> assertThat(out).contains("port " + EmbeddedPg.port(15)));
        assertThat(String.join("\n", outputs).split("Starting the embedded PostgreSQL 15", -1))
                .as("exactly one of the two builds started the server").hasSize(2);
        assertThat(ProcessHandle.of(postmasterPid(15))).isPresent();
    }

    @Test
    void twoRestoresIntoTheSameEmbeddedServerAtOnce() throws Exception {
        String a = TestPg.uniqueName("t_emb_");
        String b = TestPg.uniqueName("t_emb_");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RestoreResult>> runs = new ArrayList<>();
            for (String db : List.of(a, b)) {
                Callable<RestoreResult> run = () -> restore("acme-pg17.dump", EmbeddedPg.specForDump(17), db);
                runs.add(pool.submit(run));
            }
            for (Future<RestoreResult> run : runs) {
                run.get(300, TimeUnit.SECONDS);
            }
            for (String db : List.of(a, b)) {
                try (Connection c = PgAdmin.open(server(17), db)) {
                    assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
                }
            }
        } finally {
            pool.shutdownNow();
            drop(17, a);
            drop(17, b);
        }
    }

    @Test
    void theTemplateCacheWorksOnTheEmbeddedServer() throws Exception {
        String project = TestPg.uniqueName("embtpl");
        Settings settings = new Settings(TargetSpec.embedded(EmbeddedPg.specForDump(17)), null, null, null, null, null,
                List.of("template"), null, null, null, null, null, null, null);
        ConfigFile config = Pipelines.config(dir, project, settings, Pipelines.fileProfile("local", Fixtures.acme("acme-pg17.dump")));
        List<String> copies = List.of(project + "_a", project + "_b");
        try {
            for (String db : copies) {
                pipeline().run(config, RunOptions.of(config.file()).withDatabase(db), new RunReport("restore", null));
            }
            assertThat(progress.text()).contains("Cloned " + copies.get(1) + "__restoring from the template");
            try (Connection c = PgAdmin.open(server(17), copies.get(1))) {
                assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            }
        } finally {
            try (PgAdmin admin = PgAdmin.connect(server(17))) {
                for (CopyCatalog.Copy t : CopyCatalog.templates(admin, null)) {
                    if (project.equals(t.provenance().project())) {
                        admin.dropForce(t.name());
                    }
                }
                copies.forEach(admin::dropForce);
            }
        }
    }

    @Test
    void aHalfUnpackedBinariesFolderIsRedone() throws Exception {
        PostgresBinaries.Resolved jar = EmbeddedPg.binaries().resolve(ServerMachine.current(Map.of()).artifactId(), "[15,16)");
        Path root = dir.resolve("binaries");
        Path folder = root.resolve("x");
        Files.createDirectories(folder.resolve("bin"));
        Files.writeString(folder.resolve("bin/initdb"), "half");
        Path partial = root.resolve("x.partial-1234");
        Files.createDirectories(partial);
        Files.setLastModifiedTime(partial, java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(BinariesFolder.unpacked(root, "x", jar.jar())).isEqualTo(folder);

        assertThat(BinariesFolder.isComplete(folder)).isTrue();
        assertThat(Files.isExecutable(folder.resolve("bin/postgres"))).isTrue();
        assertThat(Files.size(folder.resolve("bin/initdb"))).isGreaterThan(10_000);
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("x");
        }
    }

    // --- helpers

    private ConfigFile config(String fixture, EmbeddedSpec spec) {
        Settings settings = new Settings(TargetSpec.embedded(spec), null, null, null, null, null, null, null, null,
                null, null, null, null, null);
        return Pipelines.config(dir, "acme", settings, Pipelines.fileProfile("local", Fixtures.acme(fixture)));
    }

    private RestoreResult restore(String fixture, EmbeddedSpec spec, String database) {
        ConfigFile config = config(fixture, spec);
        return pipeline().run(config, RunOptions.of(config.file()).withDatabase(database), new RunReport("restore", null));
    }

    private RestoreCopy pipeline() {
        return new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                s -> new FileSource(((SourceSpec.File) s).path(), dir, dir),
                EmbeddedPg.connections(dir, progress), null, ZoneOffset.UTC));
    }

    private ConnectionSettings server(int major) {
        return EmbeddedPg.servers(progress).connect(EmbeddedPg.spec(major), -1);
    }

    private void drop(int major, String db) {
        try (PgAdmin admin = PgAdmin.connect(server(major))) {
            admin.dropForce(db);
        }
    }

    private static long postmasterPid(int major) throws Exception {
        return Long.parseLong(Files.readAllLines(EmbeddedPg.dataDir().resolve(major + "/data/postmaster.pid")).get(0).trim());
    }

    private static int queryInt(Connection c, String sql) throws Exception {
        return Integer.parseInt(queryText(c, sql));
    }

    private static String queryText(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
