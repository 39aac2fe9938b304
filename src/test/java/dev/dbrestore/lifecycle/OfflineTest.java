package dev.dbrestore.lifecycle;

import com.sun.net.httpserver.HttpServer;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.app.UseCases;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RangeFileHandler;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code mvn -o}: a network source is never contacted (the HTTP server counts zero requests); the
 * restore fails at once naming the offline flag unless the download cache holds the backup, which
 * it then restores with the fixture's checksums.
 */
class OfflineTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_life_");

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();
    private final RangeFileHandler dump = new RangeFileHandler(Fixtures.acme("acme-pg15.dump"));
    private HttpServer server;
    private ConfigFile config;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", dump::handle);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dumps/acme.dump";
        config = Pipelines.config(dir, DBS.newName(), Pipelines.settings(null, null, List.of("download")),
                Pipelines.profile("prod", new SourceSpec.Url(url, Map.of())));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RunOptions options(String database) {
        return Pipelines.options(config, Map.of(), Map.of()).withCacheDir(dir.resolve("cache")).withDatabase(database);
    }

    private RestoreResult restore(boolean offline, RunOptions options) {
        return new UseCases(options, progress, Credentials.NONE, Prompter.NEVER, offline).restore(config)
                .run(config, options, new RunReport("restore", "prod"));
    }

    @Test
    void offlineANetworkSourceFailsAtOnceUnlessTheDownloadCacheHoldsTheBackup() throws Exception {
        String first = DBS.newName();
        assertThatThrownBy(() -> restore(true, options(first)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Maven runs offline (-o")
                .hasMessageContaining("url:http://127.0.0.1:").hasMessageContaining("holds no backup of it");
        assertThat(dump.requests).as("not contacted").hasValue(0);
        assertThat(TestPg.exists(first)).isFalse();

        restore(false, options(first)); // online: downloaded and kept in the cache
        int online = dump.requests.get();
        assertThat(online).isPositive();

        String second = DBS.newName();
        RestoreResult offline = restore(true, options(second));
        assertThat(dump.requests).as("offline reads the cache only").hasValue(online);
        assertThat(offline.database()).isEqualTo(second);
        assertThat(Fixtures.acmeChecksums(second)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(progress.text()).contains("restoring the newest one in the download cache, acme.dump",
                "Reading acme.dump from the download cache");

        assertThatThrownBy(() -> restore(true, options(DBS.newName()).withBackup("acme-older.dump")))
                .isInstanceOf(UserError.class).hasMessageContaining("holds no copy of backup 'acme-older.dump'");
        assertThatThrownBy(() -> new UseCases(options(null), progress, Credentials.NONE, Prompter.NEVER, true)
                .backups(config).run(config, options(null)))
                .isInstanceOf(UserError.class).hasMessageContaining("Maven runs offline")
                .hasMessageContaining("cannot be listed");
        assertThat(dump.requests).hasValue(online);
    }

    @Test
    void everyNetworkSourceIsLeftAloneOfflineAndAFileIsRead() throws Exception {
        RunOptions options = options(null);
        var offline = new UseCases(options, progress, Credentials.NONE, Prompter.NEVER, true).sources(config);
        List<SourceSpec> network = List.of(
                new SourceSpec.Url("http://127.0.0.1:" + server.getAddress().getPort() + "/dumps/acme.dump", Map.of()),
                new SourceSpec.Heroku("acme-production", null, null, "http://127.0.0.1:" + server.getAddress().getPort()),
                new SourceSpec.S3("acme-backups", null, "prod/", null, "us-east-1",
                        "http://127.0.0.1:" + server.getAddress().getPort(), true, null));
        for (SourceSpec spec : network) {
            assertThatThrownBy(() -> offline.apply(spec).list()).as(spec.describe())
                    .isInstanceOf(UserError.class).hasMessageStartingWith("Maven runs offline (-o");
        }
        assertThat(dump.requests).hasValue(0);
        assertThat(offline.apply(new SourceSpec.File(Fixtures.acme("acme-pg15.dump").toString())).list())
                .singleElement().satisfies(b -> assertThat(b.id()).isEqualTo("acme-pg15.dump"));
    }

    @Test
    void publishOfflineFailsAtOnceForANetworkSource() {
        ConfigFile publishing = Pipelines.config(dir, DBS.newName(), Pipelines.settings(null, null, List.of("download")),
                new dev.dbrestore.config.Profile("prod", false, config.profile("prod").source(), List.of(), List.of(),
                        Map.of(), List.of(), List.of("SELECT 1 WHERE false"),
                        new dev.dbrestore.config.PublishSpec(null, dir.resolve("published").toString(), 3),
                        dev.dbrestore.config.Settings.empty()));
        RunOptions options = Pipelines.options(publishing, Map.of(), Map.of()).withCacheDir(dir.resolve("cache"));
        assertThatThrownBy(() -> new UseCases(options, progress, Credentials.NONE, Prompter.NEVER, true)
                .publish(publishing, "test").run(publishing, options, new RunReport("publish", "prod")))
                .isInstanceOf(UserError.class).hasMessageContaining("Maven runs offline")
                .hasMessageContaining("publish does not read");
        assertThat(dump.requests).hasValue(0);
    }

    @Test
    void offlineWithTheCacheBypassedFailsNamingBoth() {
        RunOptions bypass = Pipelines.withCache(options(DBS.newName()), false);
        assertThatThrownBy(() -> restore(true, bypass)).isInstanceOf(UserError.class)
                .hasMessageContaining("Maven runs offline").hasMessageContaining("-Ddbrestore.cache=false");
        assertThat(dump.requests).hasValue(0);
    }
}
