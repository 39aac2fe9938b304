package dev.dbrestore.source.s3;

import dev.dbrestore.app.PublishResult;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PublishSpec;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.PublishedManifest;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.PublishFixture;
import dev.dbrestore.testing.S3Server;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.dbrestore.testing.PublishFixture.BACKUP_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publish into an in-process s3proxy bucket, and the developer's restore from it through the s3 source. */
class PublishToS3Test {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_pubs3_");
    static final String BUCKET = "acme-sanitized";
    static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);

    @TempDir
    Path dir;
    @TempDir
    Path storage;
    private S3Server server;
    private S3Client client;
    private PublishFixture fx;

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(storage);
        server.createBucket(BUCKET);
        client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(server.endpoint())
                .forcePathStyle(true).region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                .build();
        fx = new PublishFixture(dir, DBS.newName(), ENV);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        assertThat(fx.progress.text()).doesNotContain(S3Server.SECRET_KEY);
    }

    SourceSpec.S3 prefix(int port) {
        return new SourceSpec.S3(BUCKET, null, "prod/", null, null, "http://127.0.0.1:" + port, true, null);
    }

    Profile profile(Integer keep) {
        return fx.profile(List.of(PublishFixture.VERIFY), new PublishSpec(prefix(server.port()), null, keep));
    }

    List<String> keys() {
        return client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("prod/")).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Test
    void aPublishedDumpRestoresThroughTheS3SourceNamedByTheBackupDateWithManifestAndMetadata() throws Exception {
        PublishResult result = fx.publish(profile(null), fx.options(profile(null)));

        String base = "prod/" + fx.project + "-prod-20261128T0410Z";
        assertThat(result.published()).isTrue();
        assertThat(keys()).containsExactly(base + ".dump", base + ".manifest.json");
        HeadObjectResponse head = client.headObject(b -> b.bucket(BUCKET).key(base + ".dump"));
        assertThat(head.metadata()).containsEntry("dbrestore-backup-time", BACKUP_TIME.toString())
                .containsEntry("dbrestore-backup-id", "acme.dump")
                .containsEntry("dbrestore-sanitize-hash", result.manifest().sanitizeHash())
                .containsEntry("dbrestore-plugin-version", "1.2.3-test");
        PublishedManifest manifest = PublishedManifest.parse(
                client.getObjectAsBytes(b -> b.bucket(BUCKET).key(base + ".manifest.json")).asByteArray(), "test");
        assertThat(manifest.size()).isEqualTo(head.contentLength());
        assertThat(manifest.sha256()).isEqualTo(result.manifest().sha256());
        assertThat(manifest.rowCounts()).isEqualTo(result.manifest().rowCounts());
        assertThat(manifest.backupTime()).isEqualTo(BACKUP_TIME.toString());
        assertThat(fx.scratchDatabases()).isEmpty();

        RestoreResult copy = fx.developerRestore(prefix(server.port()), "{project}_{profile}_{date:yyyyMMdd}");

        assertThat(copy.database()).isEqualTo(fx.project + "_dev_20261128");
        assertThat(PublishFixture.unsanitizedEmails(copy.database())).isEqualTo("0");
        try (dev.dbrestore.db.PgAdmin admin = TestPg.admin()) {
            assertThat(admin.rowCounts(copy.database())).isEqualTo(manifest.rowCounts());
        }
        assertThat(Fixtures.acmeRowCounts(copy.database()).get("public.auth_user"))
                .isEqualTo(Long.parseLong(Fixtures.acmeRows("public.auth_user")));
    }

    @Test
    void aHundredGigabyteDumpFitsInTheTenThousandPartsS3Allows() {
        assertThat((long) S3Destination.PART_SIZE * S3Destination.MAX_PARTS).isGreaterThanOrEqualTo(100L * 1000 * 1000 * 1000);
        assertThat(S3Destination.PART_SIZE).isGreaterThanOrEqualTo(5 * 1024 * 1024); // S3's minimum part size
    }

    @Test
    void keepTwoAfterThreePublishesLeavesTheTwoNewestPairsAndAnUnrelatedObject() throws Exception {
        server.put(BUCKET, "prod/notes.txt", "not ours".getBytes(), Instant.parse("2020-01-01T00:00:00Z"));
        fx.publish(profile(2), fx.options(profile(2)));
        fx.backup("b2.dump", BACKUP_TIME.plusSeconds(86400));
        fx.publish(profile(2), fx.options(profile(2)));
        fx.backup("b3.dump", BACKUP_TIME.plusSeconds(2 * 86400));
        fx.publish(profile(2), fx.options(profile(2)));

        String p = "prod/" + fx.project + "-prod-";
        assertThat(keys()).containsExactly("prod/notes.txt",
                p + "20261129T0410Z.dump", p + "20261129T0410Z.manifest.json",
                p + "20261130T0410Z.dump", p + "20261130T0410Z.manifest.json");
    }

    @Test
    void anUploadCutMidwayIsAbortedLeavingNothingUnderThePrefixAndNoScratchDatabase() throws Exception {
        // every answer to a part's upload is cut: the SDK's retries fail too
        try (CuttingProxy flaky = new CuttingProxy(server.port(), "PUT partNumber=", 0, 100, () -> { })) {
            Profile profile = fx.profile(List.of(PublishFixture.VERIFY), new PublishSpec(prefix(flaky.port()), null, null));
            assertThatThrownBy(() -> fx.publish(profile, fx.options(profile),
                    spec -> new S3Destination(spec.s3(), Pipelines.sourceContext(fx.progress, dir, ENV))))
                    .hasMessageContaining("Uploading part 1 of s3://acme-sanitized/prod/");
            assertThat(flaky.cutsDone()).isPositive();
            assertThat(flaky.requestLines()).anyMatch(line -> line.startsWith("DELETE ") && line.contains("uploadId="));
        }
        assertThat(keys()).isEmpty();
        assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
        assertThat(fx.scratchDatabases()).isEmpty();
    }
}
