package dev.dbrestore.source;

import com.sun.net.httpserver.HttpServer;
import dev.dbrestore.app.BackupSources;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.HerokuMimic;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RangeFileHandler;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Heroku (through a faithful local mimic of its data API), url and command sources, with resume, against the real server. */
class RemoteSourcesTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_remote_");
    private static final String API_KEY = "01234567-89ab-cdef-0123-456789abcdef";

    @TempDir
    Path dir;

    private HerokuMimic heroku;
    private final RecordingProgress progress = new RecordingProgress();
    private final RunReport report = new RunReport("restore", null);

    @BeforeEach
    void startMimic() throws Exception {
        heroku = new HerokuMimic(API_KEY);
    }

    @AfterEach
    void stopMimic() {
        heroku.close();
    }

    private Map<String, String> env() {
        return Map.of("HEROKU_API_KEY", API_KEY, "HEROKU_DATA_HOST", heroku.baseUrl());
    }

    private RestoreResult restore(SourceSpec spec, Map<String, String> env, String database) {
        return restore("acme", spec, env, database);
    }

    /** Named {project}_prod_{date}: a project of the test's own keeps the name apart from other runs on the server. */
    private RestoreResult restore(String project, SourceSpec spec, Map<String, String> env, String database) {
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings("{project}_{profile}_{date:yyyyMMdd}", "pg_restore"),
                Pipelines.profile("prod", spec));
        RunOptions options = RunOptions.of(config.file()).withDatabase(database);
        return Pipelines.pipeline(progress, dir, env).run(config, options, report);
    }

    /** The day in the dump's archive header, as {date:yyyyMMdd} renders it. */
    private static String madeOn(Path dump) throws Exception {
        try (InputStream in = Files.newInputStream(dump)) {
            return dev.dbrestore.archive.DumpProbe.probe(in).header().createdAt().toLocalDate()
                    .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        }
    }

    private void assertNoSecretsLogged() {
        String log = progress.text() + "\n" + String.valueOf(report.error);
        assertThat(log).doesNotContain(API_KEY);
        for (String signature : heroku.signatures()) {
            assertThat(log).doesNotContain(signature);
        }
        assertThat(log).doesNotContain("X-Amz-Signature=").doesNotContain("AKIAFAKEMIMIC");
    }

    private void herokuBackups() {
        heroku.backup("acme-production", 40, true, "2026-06-01 10:00:00 +0000", "2026-06-01 10:05:00 +0000", Fixtures.acme("acme-pg15-z0.dump"));
        heroku.backup("acme-production", 41, false, "2026-06-02 10:00:00 +0000", "2026-06-02 10:01:00 +0000", null);
        heroku.backup("acme-production", 42, true, "2026-06-03 10:00:00 +0000", "2026-06-03 10:07:00 +0000", Fixtures.acme("acme-pg15.dump"));
        heroku.backup("acme-production", 43, false, "2026-06-04 10:00:00 +0000", "2026-06-04 10:00:30 +0000", null);
        heroku.restoreTransfer("acme-production", 44, "2026-06-05 10:00:00 +0000");
    }

    @Test
    void herokuRestoresTheNewestSuccessfulBackupNamedAfterItsArchiveHeader() throws Exception {
        herokuBackups();
        String project = DBS.newName();
        RestoreResult result = restore(project, new SourceSpec.Heroku("acme-production", null, null, null), env(), null);

        assertThat(result.database()).isEqualTo(project + "_prod_" + madeOn(Fixtures.acme("acme-pg15.dump")));
        assertThat(progress.text()).contains("Named after the dump's creation time in its archive header");
        assertThat(result.backup().id()).isEqualTo("b042");
        assertThat(Fixtures.acmeChecksums(result.database())).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(heroku.requestLog).contains("GET /client/v11/apps/acme-production/transfers",
                "POST /client/v11/apps/acme-production/transfers/42/actions/public-url");
        assertNoSecretsLogged();
        TestPg.admin().dropForce(result.database());
    }

    @Test
    void herokuListsBackupsNewestFirstAndPicksARequestedOne() throws Exception {
        herokuBackups();
        BackupSource source = BackupSources.create(new SourceSpec.Heroku("acme-production", null, null, null),
                Pipelines.sourceContext(progress, dir, env()));
        assertThat(source.list()).extracting(Backup::id).containsExactly("b043", "b042", "b041", "b040");
        assertThat(source.list()).extracting(Backup::status).containsExactly("failed", "succeeded", "failed", "succeeded");
        assertThat(source.pick("b040").id()).isEqualTo("b040");
        assertThatThrownBy(() -> source.pick("b041")).isInstanceOf(UserError.class).hasMessageContaining("is failed");
        assertThatThrownBy(() -> source.pick("b099")).isInstanceOf(UserError.class).hasMessageContaining("has no backup b099");

        String db = DBS.newName();
        RestoreResult older = restore(new SourceSpec.Heroku("acme-production", "b040", null, null), env(), db);
        assertThat(older.backup().id()).isEqualTo("b040");
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    @Test
    void herokuErrorsSayWhatToDoAndLeakNothing() throws Exception {
        herokuBackups();
        heroku.app("empty-app");
        heroku.backup("only-failed", 1, false, "2026-06-01 10:00:00 +0000", "2026-06-01 10:01:00 +0000", null);

        Map<String, String> badKey = Map.of("HEROKU_API_KEY", "ffffffff-0000-0000-0000-badbadbadbad", "HEROKU_DATA_HOST", heroku.baseUrl());
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("acme-production", null, null, null), badKey, null))
                .isInstanceOf(UserError.class).hasMessageContaining("refused the API key (401")
                .hasMessageNotContaining("badbadbadbad");
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("no-such-app", null, null, null), env(), null))
                .isInstanceOf(UserError.class).hasMessageContaining("no app named 'no-such-app' (404");
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("empty-app", null, null, null), env(), null))
                .isInstanceOf(UserError.class).hasMessageContaining("has no successful backup");
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("only-failed", null, null, null), env(), null))
                .isInstanceOf(UserError.class).hasMessageContaining("has no successful backup (1 failed or unfinished)");
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("acme-production", null, null, null),
                Map.of("HEROKU_DATA_HOST", heroku.baseUrl()), null))
                .isInstanceOf(UserError.class).hasMessageContaining("No Heroku API key found");
        assertNoSecretsLogged();
    }

    @Test
    void herokuApiKeyComesFromNetrcWhenTheEnvironmentHasNone() throws Exception {
        herokuBackups();
        Files.writeString(dir.resolve(".netrc"), "machine git.heroku.com\n  login a@b.c\n  password wrong\n"
                + "machine api.heroku.com\n  login a@b.c\n  password " + API_KEY + "\n");
        BackupSource source = BackupSources.create(new SourceSpec.Heroku("acme-production", null, null, null),
                Pipelines.sourceContext(progress, dir, Map.of("HEROKU_DATA_HOST", heroku.baseUrl())));
        assertThat(source.pick(null).id()).isEqualTo("b042");
    }

    @Test
    void aDroppedDownloadResumesWithRangeAndTheRestoreCompletes() throws Exception {
        herokuBackups();
        RangeFileHandler dump = heroku.backup("flaky-app", 7, true, "2026-06-07 10:00:00 +0000", "2026-06-07 10:01:00 +0000",
                Fixtures.acme("acme-pg15-z0.dump"));
        dump.failures = 2;
        dump.dropAfterBytes = 200_000;
        String db = DBS.newName();
        restore(new SourceSpec.Heroku("flaky-app", null, null, null), env(), db);

        assertThat(dump.rangeRequests.get()).isEqualTo(2);
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(progress.text()).contains("interrupted at byte").contains("resuming (1/3)");
        assertNoSecretsLogged();
    }

    @Test
    void aDownloadThatKeepsFailingGivesUpClearlyAndLeavesNoDatabase() {
        RangeFileHandler dump = heroku.backup("broken-app", 8, true, "2026-06-08 10:00:00 +0000", "2026-06-08 10:01:00 +0000",
                Fixtures.acme("acme-pg15-z0.dump"));
        dump.failures = 100;
        dump.dropAfterBytes = 100_000;
        String db = DBS.newName();
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("broken-app", null, null, null), env(), db))
                .isInstanceOf(Fault.class)
                .hasMessageContaining("the connection dropped 3 times");
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
        assertNoSecretsLogged();
    }

    @Test
    void aBackupReplacedWhileDownloadingFailsClearly() {
        RangeFileHandler dump = heroku.backup("changing-app", 9, true, "2026-06-09 10:00:00 +0000", "2026-06-09 10:01:00 +0000",
                Fixtures.acme("acme-pg15-z0.dump"));
        dump.failures = 1;
        dump.dropAfterBytes = 100_000;
        dump.changeEtagAfterFirst = true;
        String db = DBS.newName();
        assertThatThrownBy(() -> restore(new SourceSpec.Heroku("changing-app", null, null, null), env(), db))
                .hasMessageContaining("changed while it was downloading");
        assertThat(TestPg.exists(db)).isFalse();
    }

    @Test
    void urlSourceStreamsResumesAndIsNamedAfterItsArchiveHeaderNotLastModified() throws Exception {
        RangeFileHandler handler = new RangeFileHandler(Fixtures.acme("acme-pg15.tar"));
        handler.failures = 1;
        handler.dropAfterBytes = 300_000;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler::handle);
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dumps/acme.tar?token=sekrit-token-123";
            String project = DBS.newName();
            RestoreResult result = restore(project, new SourceSpec.Url(url, Map.of()), Map.of(), null);
            assertThat(result.database()).isEqualTo(project + "_prod_" + madeOn(Fixtures.acme("acme-pg15.tar")));
            assertThat(handler.rangeRequests.get()).isEqualTo(1); // the download was cut and resumed
            assertThat(Fixtures.acmeChecksums(result.database())).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            assertThat(progress.text()).doesNotContain("sekrit-token-123");
            TestPg.admin().dropForce(result.database());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void urlSourceFollowsARedirectAndKeepsItsHeadersFromTheOtherHost() throws Exception {
        RangeFileHandler dumps = new RangeFileHandler(Fixtures.acme("acme-pg15.dump"));
        List<String> seenByStorage = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/", ex -> {
            seenByStorage.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            dumps.handle(ex);
        });
        storage.start();
        List<String> seenByApp = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", ex -> {
            seenByApp.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            // another origin (localhost, not 127.0.0.1), as a download link to object storage is
            ex.getResponseHeaders().set("Location", "http://localhost:" + storage.getAddress().getPort() + "/b.dump");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        app.start();
        try {
            String db = DBS.newName();
            restore(new SourceSpec.Url("http://127.0.0.1:" + app.getAddress().getPort() + "/backups/latest",
                    Map.of("Authorization", "Bearer url-token-4711")), Map.of(), db);
            assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            assertThat(seenByApp).isNotEmpty().allMatch("Bearer url-token-4711"::equals);
            assertThat(seenByStorage).isNotEmpty().allMatch("null"::equals);
            assertThat(progress.text()).doesNotContain("url-token-4711");
        } finally {
            app.stop(0);
            storage.stop(0);
        }
    }

    @Test
    void commandSourceRestoresItsOutputAndFailsOnANonZeroExit() throws Exception {
        String dump = Fixtures.acme("acme-pg15.dump").toString();
        String db = DBS.newName();
        restore(new SourceSpec.Command("cat '" + dump + "'"), Map.of(), db);
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());

        String failing = DBS.newName();
        assertThatThrownBy(() -> restore(new SourceSpec.Command("cat '" + dump + "'; echo 'token expired' >&2; exit 3"),
                Map.of(), failing))
                .isInstanceOf(Fault.class)
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("token expired");
        assertThat(TestPg.exists(failing)).isFalse();
        assertThat(TestPg.exists(failing + "__restoring")).isFalse();
    }

    @Test
    void resumedBytesAreIdenticalToTheFile() throws Exception {
        RangeFileHandler handler = new RangeFileHandler(Fixtures.acme("acme-pg17-zstd.dump"));
        handler.failures = 3;
        handler.dropAfterBytes = 50_000;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler::handle);
        server.start();
        try {
            BackupSource source = BackupSources.create(new SourceSpec.Url("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/x.dump", Map.of()), Pipelines.sourceContext(progress, dir, Map.of()));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (DumpInput in = source.open(source.pick(null)); InputStream s = in.stream()) {
                sha.update(s.readAllBytes());
            }
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            expected.update(Files.readAllBytes(Fixtures.acme("acme-pg17-zstd.dump")));
            assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(HexFormat.of().formatHex(expected.digest()));
            assertThat(handler.rangeRequests.get()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerWithoutRangeSupportFailsClearlyInsteadOfCorruptingTheStream() {
        RangeFileHandler handler = new RangeFileHandler(Fixtures.acme("acme-pg15-z0.dump"));
        handler.failures = 1;
        handler.dropAfterBytes = 100_000;
        handler.ignoreRange = true;
        assertThatThrownBy(() -> {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", handler::handle);
            server.start();
            try {
                restore(new SourceSpec.Url("http://127.0.0.1:" + server.getAddress().getPort() + "/x.dump", Map.of()),
                        Map.of(), DBS.newName());
            } finally {
                server.stop(0);
            }
        }).hasMessageContaining("ignored the Range request");
        List.of();
    }
}
