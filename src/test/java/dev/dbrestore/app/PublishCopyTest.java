package dev.dbrestore.app;

import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PublishSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.PublishedManifest;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.PublishFixture;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dbrestore.testing.PublishFixture.BACKUP_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publish use case against the real server, with a folder as the destination (S3: PublishToS3Test). */
class PublishCopyTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_pub_");

    @TempDir
    Path dir;
    private PublishFixture fx;
    private Path published;

    @BeforeEach
    void fixture() throws Exception {
        fx = new PublishFixture(dir, DBS.newName(), Map.of());
        published = dir.resolve("published");
    }

    Profile profile() {
        return fx.profile(List.of(PublishFixture.VERIFY), new PublishSpec(null, published.toString(), null));
    }

    PublishResult publish(Profile profile) {
        return fx.publish(profile, fx.options(profile));
    }

    List<String> files() throws Exception {
        if (!Files.isDirectory(published)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(published)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    RestoreResult developerRestore(String naming) {
        return fx.developerRestore(new SourceSpec.File(published + "/*"), naming);
    }

    @Test
    void publishesASanitizedDumpWithItsManifestThatRestoresWithoutTheSourcesEmails() throws Exception {
        PublishResult result = publish(profile());

        String base = fx.project + "-prod-20261128T0410Z";
        assertThat(result.published()).isTrue();
        assertThat(files()).containsExactly(base + ".dump", base + ".manifest.json");
        PublishedManifest manifest = PublishedManifest.parse(Files.readAllBytes(published.resolve(base + ".manifest.json")), "test");
        byte[] dump = Files.readAllBytes(published.resolve(base + ".dump"));
        assertThat(manifest.size()).isEqualTo(dump.length);
        assertThat(manifest.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dump)));
        assertThat(manifest.backupTime()).isEqualTo(BACKUP_TIME.toString());
        assertThat(manifest.backupId()).isEqualTo("acme.dump");
        assertThat(manifest.source()).isEqualTo("file:backups/*.dump");
        assertThat(manifest.sanitizeHash()).hasSize(64);
        assertThat(manifest.pluginVersion()).isEqualTo("1.2.3-test");
        assertThat(manifest.verification()).hasSize(1);
        assertThat(manifest.rowCounts()).containsEntry("public.auth_user", Long.parseLong(Fixtures.acmeRows("public.auth_user")));
        assertThat(fx.scratchDatabases()).isEmpty();

        String restored = DBS.newName();
        TestPg.execute("postgres", "CREATE DATABASE " + restored);
        TestPg.ToolResult r = TestPg.pgRestore(published.resolve(base + ".dump"), restored, false);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Fixtures.acmeRowCounts(restored).get("public.auth_user"))
                .isEqualTo(Long.parseLong(Fixtures.acmeRows("public.auth_user")));
        assertThat(PublishFixture.unsanitizedEmails(restored)).isEqualTo("0");
        List<String> sourceEmails = TestPg.rows(DBS.copyOfAcme(), "SELECT email FROM auth_user WHERE email NOT ILIKE '%customer%'")
                .stream().map(m -> m.get("email")).toList();
        List<String> publishedEmails = TestPg.rows(restored, "SELECT email FROM auth_user").stream().map(m -> m.get("email")).toList();
        assertThat(publishedEmails).doesNotContainAnyElementsOf(sourceEmails);
    }

    @Test
    void aDeveloperRestoresTheNewestPublishedDumpNamedByTheOriginalBackupDate() throws Exception {
        publish(profile());
        fx.backup("older.dump", BACKUP_TIME.minusSeconds(5 * 86400));
        // published later than the first, from an older backup: the backup's date decides, not the upload's
        fx.publish(profile(), fx.options(profile()).withBackup("older.dump"));

        RestoreResult copy = developerRestore("{project}_{profile}_{date:yyyyMMddHHmm}");

        assertThat(copy.database()).isEqualTo(fx.project + "_dev_202611280410");
        assertThat(fx.progress.infos()).anyMatch(l -> l.contains("Checked: ") && l.contains("SHA-256"));
        try (dev.dbrestore.db.PgAdmin admin = TestPg.admin()) {
            dev.dbrestore.lifecycle.Provenance provenance =
                    dev.dbrestore.lifecycle.Provenance.parse(admin.comment(copy.database())).orElseThrow();
            assertThat(provenance.published()).isTrue();
            assertThat(provenance.sanitized()).isTrue();
            assertThat(provenance.backupTime()).isEqualTo(BACKUP_TIME.toString());
            assertThat(provenance.sanitizedText()).startsWith("published, sanitized (hash ");
            assertThat(dev.dbrestore.lifecycle.CopyTable.render(dev.dbrestore.lifecycle.CopyCatalog.copies(admin, "dev")))
                    .anyMatch(line -> line.contains(copy.database()) && line.contains("published, sanitized (hash "));
        }
        assertThat(copy.backup().id()).endsWith("-prod-20261128T0410Z.dump");
        assertThat(PublishFixture.unsanitizedEmails(copy.database())).isEqualTo("0");
        assertThat(Fixtures.acmeRowCounts(copy.database()).get("public.auth_user"))
                .isEqualTo(Long.parseLong(Fixtures.acmeRows("public.auth_user")));
    }

    /**
     * Byte 17 is the low byte of the seconds of the archive header's creation time (archive 1.14: magic, three
     * version bytes, int size, offset size, format, then compression and tm_sec as sign byte + 4 bytes): flipped,
     * the dump still restores, and only the checksum tells.
     */
    @Test
    void aPublishedDumpWithOneByteFlippedFailsTheDevelopersRestoreOnTheChecksumAndLeavesNothing() throws Exception {
        publish(profile());
        flipByte(published.resolve(files().get(0)), 17);

        assertThatThrownBy(() -> developerRestore("{project}_{profile}_flipped"))
                .hasMessageContaining("does not match its manifest").hasMessageContaining("nothing was kept");
        assertThat(TestPg.exists(fx.project + "_dev_flipped")).isFalse();
        assertThat(TestPg.exists(fx.project + "_dev_flipped__restoring")).isFalse();
    }

    @Test
    void aPublishedDumpDamagedInItsDataFailsTheDevelopersRestoreAndLeavesNothing() throws Exception {
        publish(profile());
        Path dump = published.resolve(files().get(0));
        flipByte(dump, (int) (Files.size(dump) / 2));

        assertThatThrownBy(() -> developerRestore("{project}_{profile}_damaged"));
        assertThat(TestPg.exists(fx.project + "_dev_damaged")).isFalse();
        assertThat(TestPg.exists(fx.project + "_dev_damaged__restoring")).isFalse();
    }

    private static void flipByte(Path file, int offset) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x01;
        Files.write(file, bytes);
    }

    @Test
    void theSameBackupAndSanitizationAgainIsANoOpUnlessForced() throws Exception {
        publish(profile());
        FileTime first = Files.getLastModifiedTime(published.resolve(files().get(0)));

        PublishResult again = publish(profile());
        assertThat(again.published()).isFalse();
        assertThat(fx.progress.infos()).anyMatch(l -> l.contains("Already published as") && l.contains("-Ddbrestore.force=true"));
        assertThat(Files.getLastModifiedTime(published.resolve(files().get(0)))).isEqualTo(first);

        assertThat(fx.publish(profile(), fx.options(profile()).withForce(true)).published()).isTrue();
        assertThat(files()).hasSize(2);
    }

    @Test
    void keepTwoAfterThreePublishesLeavesTheTwoNewestPairsAndUnrelatedFiles() throws Exception {
        Profile keep2 = fx.profile(List.of(PublishFixture.VERIFY), new PublishSpec(null, published.toString(), 2));
        Files.createDirectories(published);
        Files.writeString(published.resolve("README.txt"), "not ours");
        String otherProfile = fx.project + "-prod-other-20200101T0000Z"; // another profile's, older than all
        Files.writeString(published.resolve(otherProfile + ".dump"), "theirs");
        Files.writeString(published.resolve(otherProfile + ".manifest.json"), "theirs");
        publish(keep2);
        fx.backup("b2.dump", BACKUP_TIME.plusSeconds(86400));
        publish(keep2);
        fx.backup("b3.dump", BACKUP_TIME.plusSeconds(2 * 86400));
        publish(keep2);

        assertThat(files()).containsExactly("README.txt",
                fx.project + "-prod-20261129T0410Z.dump", fx.project + "-prod-20261129T0410Z.manifest.json",
                fx.project + "-prod-20261130T0410Z.dump", fx.project + "-prod-20261130T0410Z.manifest.json",
                otherProfile + ".dump", otherProfile + ".manifest.json");
    }

    @Test
    void aVerifyFailureUploadsNothingAndDropsTheScratchDatabase() throws Exception {
        Profile failing = fx.profile(List.of("select 1 from auth_user"), new PublishSpec(null, published.toString(), null));
        assertThatThrownBy(() -> publish(failing)).hasMessageContaining("verify");
        assertThat(files()).isEmpty();
        assertThat(fx.scratchDatabases()).isEmpty();
    }

    @Test
    void thePiiCheckFailsAPublishThatLeavesAPersonalColumn() throws Exception {
        Files.writeString(dir.resolve("sql/usernames.sql"), "-- forgotten\n");
        assertThatThrownBy(() -> publish(profile())).hasMessageContaining("PII check (fail): public.auth_user.username");
        assertThat(files()).isEmpty();
        assertThat(fx.scratchDatabases()).isEmpty();
    }

    @Test
    void aProfileWithoutSanitizationIsRefused() {
        Profile none = new Profile("prod", false, new SourceSpec.File("backups/*.dump"), List.of(), List.of(), Map.of(),
                List.of(), List.of(), new PublishSpec(null, published.toString(), null), Settings.empty());
        assertThatThrownBy(() -> publish(none)).hasMessageContaining("no sanitize:, mask: or verify: steps");
    }

    @Test
    void aPgDumpOlderThanTheServerIsReportedWithTheVersionNeeded() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("old-tools"));
        Path pgDump = bin.resolve("pg_dump");
        Files.writeString(pgDump, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.22'\n");
        pgDump.toFile().setExecutable(true);
        RunOptions options = fx.options(profile()).withPgBin(bin);
        assertThatThrownBy(() -> fx.publish(profile(), options))
                .hasMessageContaining("publish needs pg_dump 15 or newer (the server is PostgreSQL 15)")
                .hasMessageContaining("pg_dump (PostgreSQL) 12.22");
        assertThat(fx.scratchDatabases()).isEmpty();
    }

    @Test
    void aDryRunSaysWhatItWouldPublishAndChangesNothing() throws Exception {
        PublishResult result = fx.publish(profile(), fx.options(profile()).withDryRun(true));
        assertThat(result.published()).isFalse();
        assertThat(fx.progress.infos()).anyMatch(l -> l.startsWith("Dry run") && l.contains("-prod-20261128T0410Z.dump"));
        assertThat(files()).isEmpty();
        assertThat(fx.scratchDatabases()).isEmpty();
    }

    @Test
    void aMissingPgDumpIsReportedBeforeAnythingIsRestored() throws Exception {
        Path emptyBin = Files.createDirectories(dir.resolve("no-tools"));
        RunOptions options = fx.options(profile()).withPgBin(emptyBin);
        assertThatThrownBy(() -> fx.publish(profile(), options))
                .hasMessageContaining("publish needs pg_dump 15 or newer").hasMessageContaining("pg_dump not found in pgBin");
        assertThat(fx.progress.infos()).noneMatch(l -> l.contains("Restoring into"));
        assertThat(fx.scratchDatabases()).isEmpty();
    }
}
