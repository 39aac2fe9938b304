package dev.dbrestore.lifecycle;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 4: files holding production data are private; a rewritten env file keeps mode, owner and symlink. */
class FilesWithProductionDataTest {
    private static final Path DUMP = Fixtures.acme("acme-pg15.dump");

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void readAll(CachingSource source) throws Exception {
        Backup backup = source.pick(null);
        try (DumpInput input = source.open(backup)) {
            input.stream().readAllBytes();
            input.finish();
        }
    }

    @Test
    void theDownloadCacheIsOwnerOnlyFromTheStart() throws Exception {
        Path cacheDir = dir.resolve("home/.cache/dbrestore");
        DownloadCache cache = new DownloadCache(cacheDir, DownloadCache.DEFAULT_MAX_BYTES, Clock.systemUTC());
        DownloadCache.Writer writer = cache.begin("url:x", new Backup("b1", Instant.EPOCH, 3L, "available", "x"));
        try (Stream<Path> files = Files.list(cacheDir)) {
            Path part = files.findFirst().orElseThrow();
            assertThat(mode(part)).as("the .part file while it is written").isEqualTo("rw-------");
        }
        writer.write(new byte[]{1, 2, 3}, 0, 3);
        writer.commit();

        assertThat(mode(cacheDir)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(cacheDir)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith(".dump"))
                    .anyMatch(n -> n.endsWith(".json"));
            for (Path p : all) {
                assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aSensitiveProfileSaysOncePerRunWhereTheRawDumpLiesAndItsSize() throws Exception {
        DownloadCache cache = new DownloadCache(dir.resolve("cache"), DownloadCache.DEFAULT_MAX_BYTES, Clock.systemUTC());
        String size = Bytes.format(Files.size(DUMP));

        readAll(new CachingSource(new TestSource(DUMP, Instant.EPOCH), cache, progress, true));
        Path kept = cache.entries().get(0).dump();
        assertThat(progress.warnings()).filteredOn(l -> l.contains("raw, unsanitized dump"))
                .singleElement().asString().contains(kept.toString(), size);

        progress.lines.clear();
        CachingSource secondRun = new CachingSource(new TestSource(DUMP, Instant.EPOCH), cache, progress, true);
        readAll(secondRun);
        assertThat(progress.warnings()).filteredOn(l -> l.contains("raw, unsanitized dump"))
                .singleElement().asString().contains(kept.toString(), size);

        progress.lines.clear();
        readAll(new CachingSource(new TestSource(DUMP, Instant.EPOCH), cache, progress, false));
        assertThat(progress.text()).doesNotContain("raw, unsanitized dump");
    }

    @Test
    void aRewrittenEnvFileKeepsItsModeAndOwner() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "SECRET_KEY=x\nDATABASE_URL=postgres://h/old\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Files.setOwner(env, nobody);
        }

        new EnvFile(env).set("DATABASE_URL", "postgres://h/new");

        assertThat(Files.readString(env)).isEqualTo("SECRET_KEY=x\nDATABASE_URL=postgres://h/new\n");
        assertThat(mode(env)).isEqualTo("rw-------");
        if (root) {
            assertThat(Files.getOwner(env)).isEqualTo(nobody);
        }

        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-rw----"));
        new EnvFile(env).set("DATABASE_URL", "postgres://h/newer");
        assertThat(mode(env)).isEqualTo("rw-rw----");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".env");
        }
    }

    @Test
    void aSymlinkedEnvFileStaysALinkAndItsTargetIsRewritten() throws Exception {
        Path real = Files.createDirectories(dir.resolve("secrets")).resolve("project.env");
        Files.writeString(real, "export DATABASE_URL=postgres://h/old\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve(".envrc"), Path.of("secrets/project.env"));

        new EnvFile(link).set("DATABASE_URL", "postgres://h/new");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("secrets/project.env"));
        assertThat(Files.readString(real)).isEqualTo("export DATABASE_URL=postgres://h/new\n");
        assertThat(mode(real)).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(real.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("project.env");
        }
    }
}
