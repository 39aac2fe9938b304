package dev.dbrestore.app;

import com.sun.net.httpserver.HttpServer;
import dev.dbrestore.archive.DumpFormat;
import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.http.HeadStream;
import dev.dbrestore.testing.BigDump;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.HerokuMimic;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RangeFileHandler;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.S3Server;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a backup's header and TOC without downloading it (issue 14), and naming the copy after
 * the header's creation time from every source (issue 17 item 3), against a real HTTP server, the
 * in-process S3 server and the Heroku mimic. The bytes the servers sent are counted.
 */
class DumpHeadTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_head_");
    private static final String API_KEY = "01234567-89ab-cdef-0123-456789abcdef";

    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();
    private HttpServer http;
    private S3Server s3;
    private HerokuMimic heroku;

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.stop(0);
        }
        if (s3 != null) {
            s3.close();
        }
        if (heroku != null) {
            heroku.close();
        }
    }

    private RangeFileHandler serve(Path file) throws Exception {
        RangeFileHandler handler = new RangeFileHandler(file);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", handler::handle);
        http.start();
        return handler;
    }

    private String url(Path file) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/backups/" + file.getFileName();
    }

    private BackupSource source(SourceSpec spec, Map<String, String> env) {
        return BackupSources.create(spec, Pipelines.sourceContext(progress, dir, env));
    }

    private static ProbedDump local(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return DumpProbe.probe(in);
        }
    }

    @Test
    void theTocOfABigCustomDumpOverHttpCostsAFewRangedRequestsNotTheDump() throws Exception {
        Path big = BigDump.custom();
        long size = Files.size(big);
        RangeFileHandler server = serve(big);
        BackupSource source = source(new SourceSpec.Url(url(big), null), Map.of());
        Backup backup = source.pick(null);

        ProbedDump head = DumpHead.read(source, backup).orElseThrow();

        ProbedDump whole = local(big);
        assertThat(head.format()).isEqualTo(DumpFormat.CUSTOM);
        assertThat(head.header()).isEqualTo(whole.header());
        assertThat(head.toc().entries()).extracting(TocEntry::qualifiedName, TocEntry::desc)
                .isEqualTo(whole.toc().entries().stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.qualifiedName(), e.desc())).toList());
        System.out.printf("TOC of a %d-byte custom dump over HTTP: %d bytes sent in %d ranged request(s)%n",
                size, server.bytesSent.get(), server.headReads.get());
        assertThat(size).isGreaterThan(8_000_000);
        assertThat(server.bytesSent.get()).as("bytes sent of a %d-byte dump", size).isLessThan(size / 50);
        assertThat(server.headReads.get()).isBetween(1, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-pg17-none.dump", "acme-pg15.tar", "acme-pg15.sql", "acme-pg15.sql.gz", "acme-pg18-lz4.dump"})
    void everyFormatsHeadIsReadOverHttpWithoutTheWholeFile(String fixture) throws Exception {
        Path file = Fixtures.acme(fixture);
        RangeFileHandler server = serve(file);
        BackupSource source = source(new SourceSpec.Url(url(file), null), Map.of());

        ProbedDump head = DumpHead.read(source, source.pick(null)).orElseThrow();

        ProbedDump whole = local(file);
        assertThat(head.format()).isEqualTo(whole.format());
        assertThat(head.gzipped()).isEqualTo(whole.gzipped());
        assertThat(head.header()).isEqualTo(whole.header());
        assertThat(head.toc() == null ? null : head.toc().entries().size())
                .isEqualTo(whole.toc() == null ? null : whole.toc().entries().size());
        assertThat(server.bytesSent.get()).isLessThan(Files.size(file));
    }

    @Test
    void aServerThatIgnoresRangesIsReadOnlyAsFarAsTheToc() throws Exception {
        Path big = BigDump.custom();
        RangeFileHandler server = serve(big);
        server.ignoreRange = true;
        BackupSource source = source(new SourceSpec.Url(url(big), null), Map.of());

        ProbedDump head = DumpHead.read(source, source.pick(null)).orElseThrow();

        assertThat(head.header()).isEqualTo(local(big).header());
        assertThat(server.headReads.get()).isEqualTo(1);
    }

    @Test
    void anS3ObjectsHeadIsARangedGetOfItsFirstBytes() throws Exception {
        Path big = BigDump.custom();
        s3 = new S3Server(Files.createDirectories(dir.resolve("s3")));
        s3.createBucket("acme-backups");
        s3.put("acme-backups", "prod/big.dump", Files.readAllBytes(big), Instant.parse("2020-06-30T10:00:00Z"));
        BackupSource source = source(s3Spec(), s3Env());
        Backup backup = source.pick(null);

        try (DumpInput input = source.openHead(backup)) {
            ProbedDump head = DumpProbe.probe(input.stream(), backup.id());
            assertThat(head.header()).isEqualTo(local(big).header());
            HeadStream stream = (HeadStream) input.stream();
            assertThat(stream.transferred()).isLessThan(Files.size(big) / 50);
        }
    }

    private SourceSpec.S3 s3Spec() {
        return new SourceSpec.S3("acme-backups", null, "prod/", "*.dump", null, s3.endpoint().toString(), true, null);
    }

    private static Map<String, String> s3Env() {
        return Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY,
                "AWS_REGION", "us-east-1");
    }

    // ---- issue 17 item 3: the copy is named after the dump's own creation time, from any source ----

    private RestoreResult dryRun(SourceSpec spec, Map<String, String> env) {
        String project = DBS.newName();
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings("{project}_{profile}_{date:yyyyMMdd}", "pg_restore"),
                Pipelines.profile("prod", spec));
        return Pipelines.pipeline(progress, dir, env).run(config, RunOptions.of(config.file()).withDryRun(true),
                new RunReport("restore", null));
    }

    private static String madeOn(Path file) throws Exception {
        return local(file).header().createdAt().toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    @Test
    void aDumpBehindAUrlIsNamedAfterItsHeaderAndTheDryRunDoesNotDownloadIt() throws Exception {
        Path big = BigDump.custom();
        RangeFileHandler server = serve(big); // Last-Modified: 30 June 2020

        RestoreResult result = dryRun(new SourceSpec.Url(url(big), null), Map.of());

        assertThat(madeOn(big)).isNotEqualTo("20200630");
        assertThat(result.database()).endsWith("_prod_" + madeOn(big));
        assertThat(progress.text()).contains("Named after the dump's creation time in its archive header",
                "not the server's Last-Modified");
        assertThat(server.bytesSent.get()).isLessThan(Files.size(big) / 50);
    }

    @Test
    void aPlainDumpBehindAUrlIsNamedAfterTheServersDateAndTheLogSaysSo() throws Exception {
        Path plain = Fixtures.acme("acme-pg15.sql");
        serve(plain);

        RestoreResult result = dryRun(new SourceSpec.Url(url(plain), null), Map.of());

        assertThat(result.database()).endsWith("_prod_20200630");
        assertThat(progress.text()).contains("Named after the server's Last-Modified, 2020-06-30 10:00 UTC (the dump records no creation time)");
    }

    @Test
    void anS3DumpIsNamedAfterItsHeaderNotItsLastModified() throws Exception {
        Path dump = Fixtures.acme("acme-pg17.dump");
        s3 = new S3Server(Files.createDirectories(dir.resolve("s3")));
        s3.createBucket("acme-backups");
        s3.put("acme-backups", "prod/acme.dump", Files.readAllBytes(dump), Instant.parse("2020-06-30T10:00:00Z"));
        s3.put("acme-backups", "prod/acme-older.dump", Files.readAllBytes(Fixtures.acme("acme-pg15.sql")),
                Instant.parse("2020-06-29T10:00:00Z"));

        RestoreResult result = dryRun(s3Spec(), s3Env());

        assertThat(result.backup().id()).isEqualTo("prod/acme.dump"); // still picked by LastModified
        assertThat(result.database()).endsWith("_prod_" + madeOn(dump));
        assertThat(progress.text()).contains("not S3's LastModified");
    }

    @Test
    void aHerokuBackupIsNamedAfterItsHeaderThroughTheSignedUrl() throws Exception {
        heroku = new HerokuMimic(API_KEY);
        Path dump = Fixtures.acme("acme-pg17-heroku.dump");
        RangeFileHandler served = heroku.backup("acme-production", 42, true, "2020-06-03 10:00:00 +0000",
                "2020-06-03 10:07:00 +0000", dump);

        RestoreResult result = dryRun(new SourceSpec.Heroku("acme-production", null, null, null),
                Map.of("HEROKU_API_KEY", API_KEY, "HEROKU_DATA_HOST", heroku.baseUrl()));

        assertThat(result.database()).endsWith("_prod_" + madeOn(dump));
        assertThat(madeOn(dump)).isNotEqualTo("20200603");
        assertThat(progress.text()).contains("not Heroku's time for the backup");
        assertThat(served.headReads.get()).isPositive();
        assertThat(served.bytesSent.get()).isLessThan(Files.size(dump));
    }
}
