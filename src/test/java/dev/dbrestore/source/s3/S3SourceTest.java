package dev.dbrestore.source.s3;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.app.BackupSources;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.RetryPolicy;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.S3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The s3 source against a real S3-compatible server (s3proxy) in process, and a TCP proxy that drops connections. */
class S3SourceTest {
    private static final Instant JUNE_1 = Instant.parse("2026-06-01T03:00:00Z");
    private static final Instant JUNE_3 = Instant.parse("2026-06-03T03:00:00Z");
    private static final Instant JUNE_5 = Instant.parse("2026-06-05T03:00:00Z");
    private static final Credentials SETTINGS = id -> id.equals("acme-s3")
            ? Optional.of(new Credentials.UsernamePassword(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))
            : Optional.empty();

    @TempDir
    Path storage;

    private S3Server server;
    private final RecordingProgress progress = new RecordingProgress();
    private byte[] pg15;
    private byte[] pg17;

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(storage);
        pg15 = Files.readAllBytes(Fixtures.acme("acme-pg15.dump"));
        pg17 = Files.readAllBytes(Fixtures.acme("acme-pg17.dump"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        String log = progress.text();
        assertThat(log).doesNotContain(S3Server.SECRET_KEY);
    }

    private SourceContext context(Map<String, String> env, Credentials credentials) {
        return new SourceContext(env, storage, storage, credentials, progress,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)));
    }

    private BackupSource source(String bucket, String key, String prefix, String glob) {
        return source(bucket, key, prefix, glob, server.port());
    }

    private BackupSource source(String bucket, String key, String prefix, String glob, int port) {
        return BackupSources.create(new SourceSpec.S3(bucket, key, prefix, glob, "us-east-1",
                "http://127.0.0.1:" + port, true, "acme-s3"), context(Map.of(), SETTINGS));
    }

    private void seedStaging() {
        server.createBucket("acme-backups");
        server.put("acme-backups", "staging/acme-2026-06-01.dump", pg15, JUNE_1);
        server.put("acme-backups", "staging/acme-2026-06-03.dump", pg17, JUNE_3);
        server.put("acme-backups", "prod/acme-2026-06-05.dump", pg15, JUNE_5);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String download(BackupSource source, Backup backup) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DumpInput input = source.open(backup); InputStream in = input.stream()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            input.finish();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void theNewestObjectUnderThePrefixWinsAndStreamsIntact() throws Exception {
        seedStaging();
        BackupSource source = source("acme-backups", null, "staging/", null);

        Backup newest = source.pick(null);

        assertThat(source.describe()).isEqualTo("s3://acme-backups/staging/");
        assertThat(source.app()).isEqualTo("acme-backups");
        assertThat(source.list()).extracting(Backup::id)
                .containsExactly("staging/acme-2026-06-03.dump", "staging/acme-2026-06-01.dump");
        assertThat(newest.id()).isEqualTo("staging/acme-2026-06-03.dump");
        assertThat(newest.createdAt()).isEqualTo(JUNE_3);
        assertThat(newest.size()).isEqualTo(pg17.length);
        assertThat(newest.location()).isEqualTo("s3://acme-backups/staging/acme-2026-06-03.dump");
        assertThat(download(source, newest)).isEqualTo(sha256(pg17));
    }

    @Test
    void aRequestedObjectIsFoundByItsKeyWithOrWithoutThePrefix() throws Exception {
        seedStaging();
        BackupSource source = source("acme-backups", null, "staging/", null);

        assertThat(source.pick("acme-2026-06-01.dump").id()).isEqualTo("staging/acme-2026-06-01.dump");
        assertThat(source.pick("staging/acme-2026-06-01.dump").createdAt()).isEqualTo(JUNE_1);
        assertThatThrownBy(() -> source.pick("acme-2020-01-01.dump"))
                .isInstanceOf(UserError.class)
                .hasMessage("No object 'acme-2020-01-01.dump' in s3://acme-backups/staging/; the newest is "
                        + "staging/acme-2026-06-03.dump");
    }

    @Test
    void theGlobFiltersKeysAfterThePrefix() throws Exception {
        seedStaging();
        server.put("acme-backups", "staging/notes.txt", "not a dump".getBytes(StandardCharsets.UTF_8), JUNE_5);
        server.put("acme-backups", "staging/old/acme-2026-06-04.dump", pg15, JUNE_5.minusSeconds(60));

        assertThat(source("acme-backups", null, "staging/", null).pick(null).id()).isEqualTo("staging/notes.txt");
        assertThat(source("acme-backups", null, "staging/", "*.dump").pick(null).id())
                .isEqualTo("staging/acme-2026-06-03.dump");
        assertThat(source("acme-backups", null, "staging/", "**/*.dump").pick(null).id())
                .isEqualTo("staging/old/acme-2026-06-04.dump");
        assertThat(source("acme-backups", null, "staging/", "acme-2026-06-0[12].{dump,sql}").list())
                .extracting(Backup::id).containsExactly("staging/acme-2026-06-01.dump");
        assertThatThrownBy(() -> source("acme-backups", null, "staging/", "*.tar").pick(null))
                .isInstanceOf(UserError.class)
                .hasMessage("No objects in s3://acme-backups/staging/ match *.tar. Check bucket, prefix and glob.");
    }

    @Test
    void listingPagesPastAThousandKeys() throws Exception {
        server.createBucket("many");
        byte[] small = "x".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1205; i++) {
            server.write("many", String.format("daily/%04d.dump", i), small, JUNE_1.plusSeconds(i % 1000));
        }
        // the newest sorts last, so it is only on the second page of ListObjectsV2
        server.write("many", "daily/1204.dump", pg15, JUNE_5);

        BackupSource source = source("many", null, "daily/", "*.dump");

        assertThat(source.list()).hasSize(1205);
        Backup newest = source.pick(null);
        assertThat(newest.id()).isEqualTo("daily/1204.dump");
        assertThat(newest.createdAt()).isEqualTo(JUNE_5);
        assertThat(download(source, newest)).isEqualTo(sha256(pg15));
    }

    @Test
    void aKeyNamesOneObject() throws Exception {
        seedStaging();
        BackupSource source = source("acme-backups", "prod/acme-2026-06-05.dump", null, null);

        Backup backup = source.pick(null);

        assertThat(backup.id()).isEqualTo("prod/acme-2026-06-05.dump");
        assertThat(backup.createdAt()).isEqualTo(JUNE_5);
        assertThat(backup.size()).isEqualTo(pg15.length);
        assertThat(download(source, backup)).isEqualTo(sha256(pg15));
        assertThatThrownBy(() -> source("acme-backups", "prod/missing.dump", null, null).pick(null))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("No object s3://acme-backups/prod/missing.dump at http://127.0.0.1:");
    }

    @Test
    void aMissingBucketSaysSo() {
        assertThatThrownBy(() -> source("no-such-bucket", null, "staging/", null).pick(null))
                .isInstanceOf(UserError.class)
                .hasMessage("S3 bucket 'no-such-bucket' does not exist at http://127.0.0.1:" + server.port()
                        + ". Check the bucket name and endpoint.");
    }

    @Test
    void wrongCredentialsAreRefusedWithoutShowingTheSecret() {
        seedStaging();
        String wrongSecret = "wrong-secret-key-never-shown-7777";
        Credentials wrong = id -> Optional.of(new Credentials.UsernamePassword(S3Server.ACCESS_KEY, wrongSecret));
        BackupSource source = BackupSources.create(new SourceSpec.S3("acme-backups", null, "staging/", null, "us-east-1",
                server.endpoint().toString(), true, "acme-s3"), context(Map.of(), wrong));

        assertThatThrownBy(() -> source.pick(null))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("S3 refused access to s3://acme-backups/staging/ at " + server.endpoint()
                        + " (HTTP 403")
                .hasMessageContaining("with the credentials from the settings.xml server 'acme-s3'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongSecret).doesNotContain(S3Server.SECRET_KEY));
        assertThat(progress.text()).doesNotContain(wrongSecret);
    }

    @Test
    void aServerIdWithoutSuchServerIsAUserError() {
        BackupSource source = BackupSources.create(new SourceSpec.S3("acme-backups", null, "staging/", null, "us-east-1",
                server.endpoint().toString(), true, "nope"), context(Map.of(), SETTINGS));

        assertThatThrownBy(() -> source.pick(null))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("settings.xml has no server 'nope'");
    }

    @Test
    void credentialsComeFromTheEnvironmentAsAwsVaultSetsThem() throws Exception {
        seedStaging();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY, "AWS_REGION", "eu-west-1");
        BackupSource source = BackupSources.create(new SourceSpec.S3("acme-backups", null, "staging/", "*.dump", null,
                server.endpoint().toString(), true, null), context(env, Credentials.NONE));

        Backup newest = source.pick(null);

        assertThat(download(source, newest)).isEqualTo(sha256(pg17));
    }

    @Test
    void aDroppedConnectionResumesWithARangedGetAndDeliversIdenticalBytes() throws Exception {
        seedStaging();
        try (CuttingProxy flaky = new CuttingProxy(server.port(), "acme-2026-06-03.dump", 100_000, 2, () -> { })) {
            BackupSource source = source("acme-backups", null, "staging/", "*.dump", flaky.port());

            Backup newest = source.pick(null);

            assertThat(download(source, newest)).isEqualTo(sha256(pg17));
            assertThat(flaky.cutsDone()).isEqualTo(2);
            assertThat(flaky.requestLines()).filteredOn(line -> line.startsWith("GET /acme-backups/staging/acme-2026-06-03"))
                    .hasSize(3);
            assertThat(progress.text()).contains("Download of s3://acme-backups/staging/acme-2026-06-03.dump interrupted at byte")
                    .contains("resuming (2/3)");
        }
    }

    @Test
    void aConnectionThatKeepsDroppingGivesUpClearly() throws Exception {
        seedStaging();
        try (CuttingProxy flaky = new CuttingProxy(server.port(), "acme-2026-06-03.dump", 50_000, 100, () -> { })) {
            BackupSource source = source("acme-backups", null, "staging/", "*.dump", flaky.port());
            Backup newest = source.pick(null);

            assertThatThrownBy(() -> download(source, newest))
                    .isInstanceOf(Fault.class)
                    .hasMessageStartingWith("Downloading s3://acme-backups/staging/acme-2026-06-03.dump failed: "
                            + "the connection dropped 3 times; gave up at byte")
                    .hasMessageEndingWith("Check the network and run again.");
        }
    }

    @Test
    void anObjectReplacedDuringTheDownloadFailsClearly() throws Exception {
        seedStaging();
        Runnable replace = () -> server.put("acme-backups", "staging/acme-2026-06-03.dump", pg15, JUNE_5);
        try (CuttingProxy flaky = new CuttingProxy(server.port(), "acme-2026-06-03.dump", 100_000, 1, replace)) {
            BackupSource source = source("acme-backups", null, "staging/", "*.dump", flaky.port());
            Backup newest = source.pick(null);

            assertThatThrownBy(() -> download(source, newest))
                    .isInstanceOf(Fault.class)
                    .hasMessageContaining("s3://acme-backups/staging/acme-2026-06-03.dump changed while it was downloading");
        }
    }

    @Test
    void anObjectReplacedBetweenListingAndDownloadFailsClearly() throws Exception {
        seedStaging();
        BackupSource source = source("acme-backups", null, "staging/", "*.dump");
        Backup listed = source.pick(null);
        server.put("acme-backups", "staging/acme-2026-06-03.dump", pg15, JUNE_5); // other bytes under the listed key

        assertThatThrownBy(() -> download(source, listed))
                .isInstanceOf(Fault.class)
                .hasMessageContaining("s3://acme-backups/staging/acme-2026-06-03.dump was replaced after it was listed");
        assertThat(download(source, source.pick(null))).as("listed again, the new object is read").isEqualTo(sha256(pg15));
    }

    @Test
    void settingsAreCheckedBeforeAnythingIsContacted() {
        SourceContext ctx = context(Map.of(), SETTINGS);
        assertThatThrownBy(() -> BackupSources.create(new SourceSpec.S3(" ", null, null, null, null, null, false, null), ctx))
                .isInstanceOf(UserError.class).hasMessageStartingWith("The s3 source needs a bucket");
        assertThatThrownBy(() -> BackupSources.create(new SourceSpec.S3("b", "k", "p/", null, null, null, false, null), ctx))
                .isInstanceOf(UserError.class).hasMessage("The s3 source takes either key, or prefix with an optional glob, not both");
        assertThat(List.of(new KeyGlob("*.dump").matches("a.dump"), new KeyGlob("*.dump").matches("old/a.dump"),
                new KeyGlob("**/*.dump").matches("old/a.dump"), new KeyGlob("**/*.dump").matches("a.dump")))
                .containsExactly(true, false, true, true);
    }
}
