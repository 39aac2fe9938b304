package dev.dbrestore.archive;

import dev.dbrestore.testing.Fixtures;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpProbeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file,                      format, compression, version, pg_dump major, TABLE DATA, BLOBS
            "acme-pg15.dump,              CUSTOM, GZIP, 1.14, 15, 15, 1",
            "acme-pg15-z0.dump,           CUSTOM, NONE, 1.14, 15, 15, 1",
            "acme-pg15-pipe.dump,         CUSTOM, GZIP, 1.14, 15, 15, 1",
            "acme-pg15.tar,               TAR,    NONE, 1.14, 15, 15, 1",
            "acme-pg17.dump,              CUSTOM, GZIP, 1.16, 17, 15, 3",
            "acme-pg17-lz4.dump,          CUSTOM, LZ4,  1.16, 17, 15, 3",
            "acme-pg17-zstd.dump,         CUSTOM, ZSTD, 1.16, 17, 15, 3",
            "acme-pg17-none.dump,         CUSTOM, NONE, 1.16, 17, 15, 3",
            "acme-pg17-pipe.dump,         CUSTOM, GZIP, 1.16, 17, 15, 3",
            "acme-pg17-from-pg15.dump,    CUSTOM, GZIP, 1.16, 17, 15, 3",
            "acme-pg17-heroku.dump,       CUSTOM, GZIP, 1.16, 17, 15, 3",
            "acme-pg18.dump,              CUSTOM, GZIP, 1.16, 18, 15, 3",
            "acme-pg18-lz4.dump,          CUSTOM, LZ4,  1.16, 18, 15, 3",
            "acme-pg18-zstd.dump,         CUSTOM, ZSTD, 1.16, 18, 15, 3",
            "acme-pg18-none.dump,         CUSTOM, NONE, 1.16, 18, 15, 3",
            "acme-pg18-pipe.dump,         CUSTOM, GZIP, 1.16, 18, 15, 3",
            "acme-pg18-stats.dump,        CUSTOM, GZIP, 1.16, 18, 15, 3",
            "acme-pg19rc1.dump,           CUSTOM, GZIP, 1.16, 19, 15, 3",
            "pagila-pg15.dump,            CUSTOM, GZIP, 1.14, 15, 21, 0",
            "pagila-pg17.dump,            CUSTOM, GZIP, 1.16, 17, 21, 0",
    })
    void probesEveryArchiveFixture(String file, DumpFormat format, Compression compression, String version,
                                   int pgDumpMajor, int tableData, int blobs) throws Exception {
        Path path = Fixtures.file(file);
        ProbedDump dump = DumpProbe.probe(path);
        try (InputStream replay = dump.stream()) {
            assertThat(dump.format()).isEqualTo(format);
            assertThat(dump.gzipped()).isFalse();
            assertThat(dump.header().compression()).isEqualTo(compression);
            assertThat(dump.header().archiveVersion()).isEqualTo(version);
            assertThat(dump.header().pgDumpMajor()).isEqualTo(pgDumpMajor);
            assertThat(dump.header().databaseName()).isEqualTo(file.startsWith("pagila") ? "pagila" : "acme");
            assertThat(dump.header().createdAt().getYear()).isEqualTo(2026);
            assertThat(dump.toc().ofType("TABLE DATA")).hasSize(tableData);
            assertThat(dump.toc().ofType("BLOBS")).hasSize(blobs);
            assertThat(dump.toc().ofType("TABLE DATA")).allSatisfy(e -> {
                assertThat(e.hadDumper()).isTrue();
                assertThat(e.copyStmt()).startsWith("COPY ");
                assertThat(e.dependencies()).hasSize(1);
            });
            assertThat(sha256(replay)).isEqualTo(sha256(path));
        }
    }

    @Test
    void readsEveryTocFieldOfAnEntry() {
        ProbedDump dump = DumpProbe.probe(Fixtures.acme("acme-pg17.dump"));
        TocEntry encoding = dump.toc().entries().get(0);
        assertThat(encoding.desc()).isEqualTo("ENCODING");
        assertThat(encoding.defn()).isEqualTo("SET client_encoding = 'UTF8';\n");
        assertThat(encoding.section()).isEqualTo(TocEntry.SECTION_PRE_DATA);
        assertThat(encoding.hasData()).isFalse();

        TocEntry invoice = dump.toc().entries().stream()
                .filter(e -> e.desc().equals("TABLE") && e.tag().equals("invoice")).findFirst().orElseThrow();
        assertThat(invoice.namespace()).isEqualTo("billing");
        assertThat(invoice.owner()).isEqualTo("acme_owner");
        assertThat(invoice.tableAm()).isEqualTo("heap");
        assertThat(invoice.relkind()).isEqualTo('r');
        assertThat(invoice.tablespace()).isEmpty();
        assertThat(invoice.defn()).contains("CREATE TABLE billing.invoice");

        TocEntry invoiceData = dump.toc().entries().stream()
                .filter(e -> e.desc().equals("TABLE DATA") && e.tag().equals("invoice")).findFirst().orElseThrow();
        assertThat(invoiceData.dependencies()).containsExactly(invoice.dumpId());
        assertThat(invoiceData.section()).isEqualTo(TocEntry.SECTION_DATA);
        assertThat(invoiceData.dataState()).isEqualTo(2);
        assertThat(invoiceData.dataOffset()).isPositive();

        assertThat(dump.toc().ofType("TABLE").stream().filter(e -> e.tag().equals("event_log")))
                .singleElement().satisfies(e -> assertThat(e.relkind()).isEqualTo('p'));
        assertThat(dump.toc().ofType("SEARCHPATH")).singleElement()
                .satisfies(e -> assertThat(e.defn()).contains("set_config('search_path', '', false)"));
    }

    @Test
    void pipeDumpsHaveNoDataOffsets() {
        ProbedDump dump = DumpProbe.probe(Fixtures.acme("acme-pg17-pipe.dump"));
        assertThat(dump.toc().entries().stream().filter(TocEntry::hasData))
                .hasSize(18).allSatisfy(e -> assertThat(e.dataState()).isEqualTo(1));
    }

    @Test
    void tarArchiveEntriesNameTheirDataFiles() {
        ProbedDump dump = DumpProbe.probe(Fixtures.acme("acme-pg15.tar"));
        assertThat(dump.header().formatCode()).isEqualTo(3);
        assertThat(dump.toc().ofType("TABLE DATA"))
                .allSatisfy(e -> assertThat(e.dataFileName()).isEqualTo(e.dumpId() + ".dat"));
    }

    @Test
    void probesADirectoryDump(@TempDir Path temp) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xf", Fixtures.acme("acme-pg15.dir.tar").toString(), "-C",
                temp.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path folder = temp.resolve("acme-pg15.dir");

        ProbedDump dump = DumpProbe.probe(folder);

        assertThat(dump.format()).isEqualTo(DumpFormat.DIRECTORY);
        assertThat(dump.directory()).isEqualTo(folder);
        assertThat(dump.stream()).isNull();
        assertThat(dump.header().compression()).isEqualTo(Compression.GZIP);
        assertThat(dump.header().archiveVersion()).isEqualTo("1.14");
        assertThat(dump.header().pgDumpMajor()).isEqualTo(15);
        assertThat(dump.toc().ofType("TABLE DATA")).hasSize(15)
                .allSatisfy(e -> assertThat(folder.resolve(e.dataFileName() + ".gz")).isRegularFile());
        assertThat(dump.toc().ofType("BLOBS")).singleElement()
                .satisfies(e -> assertThat(e.dataFileName()).isEqualTo("blobs.toc"));
    }

    @Test
    void aFolderWithoutTocIsNotADirectoryDump(@TempDir Path temp) {
        assertThatThrownBy(() -> DumpProbe.probe(temp))
                .isInstanceOf(UserError.class).hasMessageContaining("has no toc.dat");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"acme-pg15.sql", "acme-pg17.sql", "acme-pg18.sql"})
    void probesPlainScripts(String file) throws Exception {
        Path path = Fixtures.acme(file);
        ProbedDump dump = DumpProbe.probe(path);
        try (InputStream replay = dump.stream()) {
            assertThat(dump.format()).isEqualTo(DumpFormat.PLAIN);
            assertThat(dump.gzipped()).isFalse();
            assertThat(dump.header()).isNull();
            assertThat(dump.toc()).isNull();
            assertThat(sha256(replay)).isEqualTo(sha256(path));
        }
    }

    @Test
    void probesAGzippedScriptAndReplaysItDecompressed() throws Exception {
        ProbedDump dump = DumpProbe.probe(Fixtures.acme("acme-pg15.sql.gz"));
        try (InputStream replay = dump.stream()) {
            assertThat(dump.format()).isEqualTo(DumpFormat.PLAIN);
            assertThat(dump.gzipped()).isTrue();
            String expected = gunzippedSha256(Fixtures.acme("acme-pg15.sql.gz"));
            assertThat(sha256(replay)).isEqualTo(expected);
        }
    }

    @Test
    void probesAGzippedCustomArchive(@TempDir Path temp) throws Exception {
        Path original = Fixtures.acme("acme-pg17-zstd.dump");
        Path gzipped = temp.resolve("acme.dump.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(original, out);
        }
        ProbedDump dump = DumpProbe.probe(gzipped);
        try (InputStream replay = dump.stream()) {
            assertThat(dump.format()).isEqualTo(DumpFormat.CUSTOM);
            assertThat(dump.gzipped()).isTrue();
            assertThat(dump.header().compression()).isEqualTo(Compression.ZSTD);
            assertThat(sha256(replay)).isEqualTo(sha256(original));
        }
    }

    @Test
    void replaysExactlyEvenWhenTheSourceDeliversOneByteAtATime() throws Exception {
        Path path = Fixtures.acme("acme-pg15.tar");
        ProbedDump dump = DumpProbe.probe(new Trickle(Files.newInputStream(path)));
        try (InputStream replay = dump.stream()) {
            assertThat(dump.format()).isEqualTo(DumpFormat.TAR);
            assertThat(sha256(replay)).isEqualTo(sha256(path));
        }
    }

    @Test
    void aTruncatedHeaderSaysWhereItEnds(@TempDir Path temp) throws IOException {
        Path cut = copyPrefix(Fixtures.acme("acme-pg15.dump"), temp, 40);
        assertThatThrownBy(() -> DumpProbe.probe(cut))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("at byte 40")
                .hasMessageContaining("archive header");
    }

    @Test
    void aTocCutShortNamesTheEntry(@TempDir Path temp) throws IOException {
        Path cut = copyPrefix(Fixtures.acme("acme-pg17.dump"), temp, 5000);
        assertThatThrownBy(() -> DumpProbe.probe(cut))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("at byte 5000")
                .hasMessageMatching("(?s).*TOC entry \\d+ of \\d+.*");
    }

    @Test
    void aTarArchiveCutInsideTocDatSaysSo(@TempDir Path temp) throws IOException {
        Path cut = copyPrefix(Fixtures.acme("acme-pg15.tar"), temp, 3000);
        assertThatThrownBy(() -> DumpProbe.probe(cut))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("member toc.dat")
                .hasMessageContaining("at byte 3000");
    }

    @Test
    void aDamagedTocLengthIsReportedAsCorrupt(@TempDir Path temp) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.acme("acme-pg15-z0.dump"));
        // Offset 0x82 holds the TOC entry count (pg-archive-format.md §3.1); make it negative.
        bytes[0x82] = 1;
        Path damaged = Files.write(temp.resolve("damaged.dump"), bytes);
        assertThatThrownBy(() -> DumpProbe.probe(damaged))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("number of TOC entries");
    }

    @Test
    void aNewerArchiveVersionIsNamed(@TempDir Path temp) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.acme("acme-pg18.dump"));
        bytes[6] = 17;
        Path newer = Files.write(temp.resolve("newer.dump"), bytes);
        assertThatThrownBy(() -> DumpProbe.probe(newer))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("archive version 1.17")
                .hasMessageContaining("1.12 to 1.16");
    }

    @Test
    void aFileThatIsNotADumpShowsItsFirstBytes(@TempDir Path temp) throws IOException {
        Path html = Files.writeString(temp.resolve("backup.dump"),
                "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>");
        assertThatThrownBy(() -> DumpProbe.probe(html))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("is not a PostgreSQL dump")
                .hasMessageContaining("3c 3f 78 6d 6c")
                .hasMessageContaining("<?xml");
    }

    @Test
    void aBinaryFileIsNotADump() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        assertThatThrownBy(() -> DumpProbe.probe(new ByteArrayInputStream(png)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("the dump is not a PostgreSQL dump (first bytes: 89 50 4e 47");
    }

    @Test
    void anEmptyFileIsNotADump() {
        assertThatThrownBy(() -> DumpProbe.probe(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(UserError.class).hasMessageContaining("is empty");
    }

    @Test
    void aTarOfADirectoryDumpIsExplained() {
        assertThatThrownBy(() -> DumpProbe.probe(Fixtures.acme("acme-pg15.dir.tar")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("first member is 'acme-pg15.dir/'")
                .hasMessageContaining("unpack it");
    }

    @Test
    void aMissingFileIsAUserError() {
        assertThatThrownBy(() -> DumpProbe.probe(Path.of("/nonexistent/backup.dump")))
                .isInstanceOf(UserError.class).hasMessageContaining("does not exist");
    }

    @Test
    void describesADumpInOneLine() throws Exception {
        ProbedDump custom = DumpProbe.probe(Fixtures.acme("acme-pg17-zstd.dump"));
        custom.stream().close();
        assertThat(custom.describe()).isEqualTo("custom archive 1.16 by pg_dump 17.12 (Debian 17.12-0+deb13u1) of a "
                + "17.12 (Debian 17.12-0+deb13u1) server, zstd-compressed data, 16 tables, 3 large objects");
        ProbedDump old = DumpProbe.probe(Fixtures.acme("acme-pg15-z0.dump"));
        old.stream().close();
        assertThat(old.describe()).contains("archive 1.14", "uncompressed data", "3 large objects");
        ProbedDump script = DumpProbe.probe(Fixtures.acme("acme-pg15.sql.gz"));
        script.stream().close();
        assertThat(script.describe()).isEqualTo("plain SQL script (gzip-compressed file)");
    }

    @Test
    void pgDumpMajorOfAReleaseCandidate() {
        assertThat(ArchiveHeader.majorOf("19rc1 (Debian 19~rc1-1)")).isEqualTo(19);
        assertThat(ArchiveHeader.majorOf("17.12 (Debian 17.12-0+deb13u1)")).isEqualTo(17);
        assertThat(ArchiveHeader.majorOf("19beta2")).isEqualTo(19);
        assertThat(ArchiveHeader.majorOf(null)).isEqualTo(-1);
    }

    private static Path copyPrefix(Path source, Path folder, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        return Files.write(folder.resolve("cut-" + source.getFileName()), Arrays.copyOf(bytes, length));
    }

    static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String gunzippedSha256(Path file) throws Exception {
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return sha256(in);
        }
    }

    /** A source that hands out one byte per read call, like a slow network. */
    private static final class Trickle extends FilterInputStream {
        Trickle(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
