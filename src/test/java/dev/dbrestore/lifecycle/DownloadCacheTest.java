package dev.dbrestore.lifecycle;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cache: download: the dump is kept while it streams, reused, checked, capped and trimmed. */
class DownloadCacheTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_life_");
    private static final Path DUMP = Fixtures.acme("acme-pg15.dump");
    private static final Instant TAKEN = Instant.parse("2020-06-30T12:00:00Z");

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();

    private DownloadCache cache(long maxBytes) {
        return new DownloadCache(dir.resolve("cache"), maxBytes, Clock.systemUTC());
    }

    /** Opens the newest backup as the restore would, reads {@code limit} bytes (-1: all), and finishes or not. */
    private static byte[] read(CachingSource source, int limit, boolean finish) throws IOException {
        Backup backup = source.pick(null);
        try (DumpInput input = source.open(backup)) {
            InputStream in = input.stream();
            byte[] bytes = limit < 0 ? in.readAllBytes() : in.readNBytes(limit);
            if (finish) {
                input.finish();
            }
            return bytes;
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            return s.toList();
        }
    }

    @Test
    void theDumpIsKeptWhileItStreamsAndTheNextReadComesFromTheCache() throws Exception {
        TestSource remote = new TestSource(DUMP, TAKEN);
        CachingSource source = new CachingSource(remote, cache(DownloadCache.DEFAULT_MAX_BYTES), progress);

        byte[] first = read(source, -1, true);
        List<DownloadCache.Entry> entries = cache(DownloadCache.DEFAULT_MAX_BYTES).entries();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.meta().size()).isEqualTo(Files.size(DUMP));
            assertThat(e.meta().sha256()).isEqualTo(sha256(DUMP));
            assertThat(e.meta().source()).isEqualTo(remote.describe());
        });

        byte[] second = read(source, -1, true);
        assertThat(remote.opens).hasValue(1);
        assertThat(second).isEqualTo(first).isEqualTo(Files.readAllBytes(DUMP));
        assertThat(progress.text()).contains("Kept the dump in the download cache", "Reading acme-pg15.dump from the download cache");
    }

    @Test
    void whatTheRestoreDidNotReadIsStillCachedWhole() throws Exception {
        CachingSource source = new CachingSource(new TestSource(DUMP, TAKEN), cache(DownloadCache.DEFAULT_MAX_BYTES), progress);

        read(source, 1000, true);

        assertThat(cache(DownloadCache.DEFAULT_MAX_BYTES).entries()).singleElement()
                .satisfies(e -> assertThat(e.meta().sha256()).isEqualTo(sha256(DUMP)));
    }

    @Test
    void aFailedRestoreLeavesNothingInTheCache() throws Exception {
        TestSource remote = new TestSource(DUMP, TAKEN);
        CachingSource source = new CachingSource(remote, cache(DownloadCache.DEFAULT_MAX_BYTES), progress);

        read(source, 100_000, false);

        assertThat(files()).isEmpty();
        read(source, -1, true);
        assertThat(remote.opens).as("nothing was cached, so the second restore downloads").hasValue(2);
    }

    @Test
    void aDumpOfAnotherSizeThanAnnouncedIsNotKept() throws Exception {
        TestSource lying = new TestSource(DUMP, TAKEN, Files.size(DUMP) + 1, 0, 0);

        read(new CachingSource(lying, cache(DownloadCache.DEFAULT_MAX_BYTES), progress), -1, true);

        assertThat(files()).isEmpty();
        assertThat(progress.text()).contains("Could not keep acme-pg15.dump in the download cache",
                "but the source announced");
    }

    @Test
    void aDamagedEntryFailsItsReadAndIsDeleted() throws Exception {
        CachingSource source = new CachingSource(new TestSource(DUMP, TAKEN), cache(DownloadCache.DEFAULT_MAX_BYTES), progress);
        read(source, -1, true);
        Path cached = cache(DownloadCache.DEFAULT_MAX_BYTES).entries().get(0).dump();
        byte[] bytes = Files.readAllBytes(cached);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(cached, bytes);

        assertThatThrownBy(() -> read(source, -1, true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining("run again");
        assertThat(cache(DownloadCache.DEFAULT_MAX_BYTES).entries()).isEmpty();
    }

    @Test
    void theSizeCapEvictsTheLeastRecentlyUsedDump() throws Exception {
        long cap = Files.size(DUMP) * 3 / 2;
        read(new CachingSource(new TestSource(DUMP, TAKEN.minusSeconds(86400)), cache(cap), progress), -1, true);
        Path older = cache(cap).entries().get(0).dump();
        Files.setLastModifiedTime(older, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        read(new CachingSource(new TestSource(DUMP, TAKEN), cache(cap), progress), -1, true);

        assertThat(cache(cap).entries()).singleElement()
                .satisfies(e -> assertThat(e.meta().backupTime()).isEqualTo(TAKEN.toString()));
    }

    @Test
    void aDumpLargerThanTheCapIsNotKept() throws Exception {
        read(new CachingSource(new TestSource(DUMP, TAKEN), cache(1000), progress), -1, true);

        assertThat(files()).isEmpty();
        assertThat(progress.text()).contains("larger than the download cache's limit");
    }

    @Test
    void trimRemovesUnfinishedFilesOnceTheyAreAnHourOld() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path abandoned = Files.writeString(cacheDir.resolve("0123.abcd.part"), "half a dump");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path writing = Files.writeString(cacheDir.resolve("4567.ef01.part"), "a dump being written");

        DownloadCache.Trim dry = cache(DownloadCache.DEFAULT_MAX_BYTES).trim(true);
        assertThat(dry.removed()).singleElement().asString().contains("0123.abcd.part");
        assertThat(abandoned).exists();

        cache(DownloadCache.DEFAULT_MAX_BYTES).trim(false);
        assertThat(abandoned).doesNotExist();
        assertThat(writing).exists();
    }

    @Test
    void sizesAreReadLikePeopleWriteThem() {
        assertThat(DownloadCache.parseSize("10g")).isEqualTo(10L << 30);
        assertThat(DownloadCache.parseSize("512MB")).isEqualTo(512L << 20);
        assertThat(DownloadCache.parseSize("1.5G")).isEqualTo(3L << 29);
        assertThat(DownloadCache.parseSize("2000")).isEqualTo(2000);
        assertThatThrownBy(() -> DownloadCache.parseSize("lots")).isInstanceOf(UserError.class)
                .hasMessageContaining("-Ddbrestore.cacheMaxSize");
    }

    @Test
    void aRestoreWithOtherSanitizationReadsTheCachedDumpInsteadOfDownloading() throws Exception {
        Files.createDirectories(dir.resolve("sql"));
        Files.copy(Fixtures.acme("anonymize.sql"), dir.resolve("sql/01-anonymize.sql"));
        TestSource remote = new TestSource(DUMP, TAKEN);
        Profile profile = new Profile("remote", false, new SourceSpec.Url("https://backups.example/acme-pg15.dump", Map.of()),
                List.of("sql"), List.of(), Map.of(), List.of(), List.of(), null, Settings.empty());
        String project = DBS.newName();
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, null, List.of("download")), profile);
        RestoreCopy pipeline = new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                spec -> remote, Pipelines.connections(dir), new Sanitizer(), ZoneOffset.UTC));
        RunOptions options = Pipelines.options(config, Map.of(), Map.of()).withCacheDir(dir.resolve("cache"));

        pipeline.run(config, options.withDatabase(project + "_sanitized"), new RunReport("restore", null));
        String raw = pipeline.run(config, options.withDatabase(project + "_raw").withSanitize(false),
                new RunReport("restore", null)).database();

        assertThat(remote.opens).hasValue(1);
        assertThat(progress.text()).contains("Reading acme-pg15.dump from the download cache");
        assertThat(Fixtures.acmeChecksums(raw)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
