package dev.dbrestore.source.s3;

import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Fault;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.S3Server;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restores from an S3-compatible bucket through the whole pipeline into the real PostgreSQL, and checks the rows. */
class S3RestoreTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_src_");

    @TempDir
    Path dir;

    @TempDir
    Path storage;

    private S3Server server;
    private final RecordingProgress progress = new RecordingProgress();
    private final RunReport report = new RunReport("restore", null);

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(storage);
        server.createBucket("acme-backups");
        server.put("acme-backups", "prod/acme-2026-06-01.dump", Files.readAllBytes(Fixtures.acme("acme-pg15-z0.dump")),
                Instant.parse("2026-06-01T02:00:00Z"));
        server.put("acme-backups", "prod/acme-2026-06-30.dump", Files.readAllBytes(Fixtures.acme("acme-pg15.dump")),
                Instant.parse("2026-06-30T02:00:00Z"));
        server.put("acme-backups", "prod/README.txt", "not a dump".getBytes(), Instant.parse("2026-07-01T02:00:00Z"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        String log = progress.text() + "\n" + report.error;
        assertThat(log).doesNotContain(S3Server.SECRET_KEY).doesNotContain("X-Amz-Signature=");
    }

    private RestoreResult restore(int port, String database) {
        SourceSpec s3 = new SourceSpec.S3("acme-backups", null, "prod/", "*.dump", null, "http://127.0.0.1:" + port, true, null);
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings("{project}_{profile}_{date:yyyyMMdd}", "pg_restore"),
                Pipelines.profile("prod", s3));
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        return Pipelines.pipeline(progress, dir, env).run(config, RunOptions.of(config.file()).withDatabase(database), report);
    }

    @Test
    void theNewestDumpUnderThePrefixIsRestored() throws Exception {
        String db = DBS.newName();

        RestoreResult result = restore(server.port(), db);

        assertThat(result.backup().id()).isEqualTo("prod/acme-2026-06-30.dump");
        assertThat(result.backup().createdAt()).isEqualTo(Instant.parse("2026-06-30T02:00:00Z"));
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    @Test
    void aDroppedConnectionIsResumedAndTheRestoreCompletes() throws Exception {
        String db = DBS.newName();
        try (CuttingProxy flaky = new CuttingProxy(server.port(), "acme-2026-06-30.dump", 120_000, 2, () -> { })) {
            restore(flaky.port(), db);

            assertThat(flaky.cutsDone()).isEqualTo(2);
        }
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(progress.text()).contains("interrupted at byte").contains("resuming (2/3)");
    }

    @Test
    void aConnectionThatKeepsDroppingFailsAndLeavesNoDatabase() throws Exception {
        String db = DBS.newName();
        try (CuttingProxy flaky = new CuttingProxy(server.port(), "acme-2026-06-30.dump", 40_000, 100, () -> { })) {
            assertThatThrownBy(() -> restore(flaky.port(), db))
                    .isInstanceOf(Fault.class)
                    .hasMessageContaining("the connection dropped 3 times; gave up at byte");
        }
        assertThat(TestPg.exists(db)).isFalse();
    }
}
