package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged input fails with a message that says what is damaged and where, never silently. */
class NativeRestoreCorruptInputTest {
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_arch_");
    @TempDir
    Path temp;

    /** With two jobs a custom archive file is read at random (the pipe's has no offsets: streamed). */
    @ParameterizedTest(name = "{0}, jobs {1}")
    @CsvSource({"acme-pg15.dump, 1", "acme-pg17-pipe.dump, 1", "acme-pg18-zstd.dump, 1", "acme-pg17-none.dump, 1",
            "acme-pg15.dump, 2", "acme-pg17-pipe.dump, 2", "acme-pg18-zstd.dump, 2", "acme-pg17-none.dump, 2"})
    void anArchiveCutInsideItsDataNamesTheEntry(String file, int jobs) throws Exception {
        Path cut = prefix(Fixtures.acme(file), 250_000);
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut), jobs))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("truncated")
                .hasMessageMatching("(?s).*(the data of|before the data of|large object \\d+ of) TOC entry \\d+ \\((TABLE DATA|BLOBS) .*");
    }

    @ParameterizedTest(name = "jobs {0}")
    @ValueSource(ints = {1, 2})
    void anArchiveCutBetweenBlocksIsTruncatedToo(int jobs) throws Exception {
        ProbedDump probe = DumpProbe.probe(Fixtures.acme("acme-pg15-z0.dump"));
        TocEntry lastTable = probe.toc().ofType("TABLE DATA").stream()
                .max(java.util.Comparator.comparingLong(TocEntry::dataOffset)).orElseThrow();
        Path cut = prefix(Fixtures.acme("acme-pg15-z0.dump"), (int) lastTable.dataOffset());
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut), jobs))
                .isInstanceOf(UserError.class)
                // read at random (two jobs), the large objects after the cut may be the first to miss their data
                .hasMessageContaining("is truncated: it ends at byte " + lastTable.dataOffset() + " before the data of TOC entry "
                        + (jobs == 1 ? lastTable.dumpId() : ""));
    }

    /**
     * zlib carries an Adler-32 checksum and zstd a structure that rarely survives a flipped byte.
     * LZ4 frames as pg_dump writes them have no checksum, so a flipped literal byte cannot be
     * noticed; a flipped byte in the frame's structure (here the block size) is.
     */
    @ParameterizedTest(name = "{0} at +{1}, jobs {2}")
    @CsvSource({"acme-pg15.dump, 200, 1", "acme-pg17.dump, 200, 1", "acme-pg18-zstd.dump, 200, 1", "acme-pg17-lz4.dump, 9, 1",
            "acme-pg17.dump, 200, 2", "acme-pg17-lz4.dump, 9, 2"})
    void aFlippedByteInACompressedBlockNamesTheEntry(String file, int offsetInStream, int jobs) throws Exception {
        Path original = Fixtures.acme(file);
        TocEntry auth = DumpProbe.probe(original).toc().ofType("TABLE DATA").stream()
                .filter(e -> e.tag().equals("auth_user")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(original);
        // Block header: type (1) + dump id (5) + first chunk length (5); then the compressed stream.
        int target = (int) auth.dataOffset() + 11 + offsetInStream;
        bytes[target] ^= 0x5A;
        Path damaged = Files.write(temp.resolve("damaged-" + file), bytes);

        assertThatThrownBy(() -> restore(DumpProbe.probe(damaged), jobs))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("TOC entry " + auth.dumpId() + " (TABLE DATA public.auth_user)")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("cannot be decompressed", "failed: ERROR"));
    }

    @ParameterizedTest(name = "jobs {0}")
    @ValueSource(ints = {1, 2})
    void aTarArchiveCutInsideAMemberSaysSo(int jobs) throws Exception {
        Path cut = prefix(Fixtures.acme("acme-pg15.tar"), 300_000);
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut), jobs))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("TOC entry");
    }

    @Test
    void aPlainScriptCutInsideCopyDataSaysSo() throws Exception {
        Path cut = prefix(Fixtures.acme("acme-pg15.sql"), 300_000);
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut)))
                .isInstanceOf(UserError.class)
                .hasMessageMatching("(?s).*is truncated: it ends at line \\d+ inside the rows of a COPY statement.*");
    }

    @Test
    void aPlainScriptCutBetweenStatementsSaysSo() throws Exception {
        String script = Files.readString(Fixtures.acme("acme-pg15.sql"));
        int end = script.indexOf("CREATE INDEX");
        Path cut = Files.writeString(temp.resolve("cut.sql"), script.substring(0, end));
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("is truncated")
                .hasMessageContaining("PostgreSQL database dump complete");
    }

    @Test
    void aPlainScriptCutInsideAFunctionBodySaysSo() throws Exception {
        String script = Files.readString(Fixtures.acme("acme-pg15.sql"));
        int end = script.indexOf("NEW.updated_at");
        Path cut = Files.writeString(temp.resolve("cut-body.sql"), script.substring(0, end));
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut)))
                .isInstanceOf(UserError.class)
                .hasMessageMatching("(?s).*is truncated or damaged: it ends at line \\d+ inside a dollar-quoted string \\$\\$ "
                        + "opened at line \\d+.*");
    }

    @Test
    void aGzippedScriptCutShortSaysSo() throws Exception {
        Path cut = prefix(Fixtures.acme("acme-pg15.sql.gz"), 150_000);
        assertThatThrownBy(() -> restore(DumpProbe.probe(cut)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aDirectoryDumpWithAMissingDataFileNamesIt() throws Exception {
        Process tar = new ProcessBuilder("tar", "-xf", Fixtures.acme("acme-pg15.dir.tar").toString(), "-C", temp.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path folder = temp.resolve("acme-pg15.dir");
        ProbedDump dump = DumpProbe.probe(folder);
        TocEntry victim = dump.toc().ofType("TABLE DATA").get(3);
        Files.delete(folder.resolve(victim.dataFileName() + ".gz"));
        assertThatThrownBy(() -> restore(dump))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("is incomplete: " + victim.dataFileName() + " (the data of TOC entry " + victim.dumpId());
    }

    @Test
    void aDamagedGzipFileInADirectoryDumpNamesTheFile() throws Exception {
        Process tar = new ProcessBuilder("tar", "-xf", Fixtures.acme("acme-pg15.dir.tar").toString(), "-C", temp.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path folder = temp.resolve("acme-pg15.dir");
        ProbedDump dump = DumpProbe.probe(folder);
        TocEntry victim = dump.toc().ofType("TABLE DATA").stream().filter(e -> e.tag().equals("auth_user")).findFirst().orElseThrow();
        Path file = folder.resolve(victim.dataFileName() + ".gz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> restore(dump))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("TOC entry " + victim.dumpId());
    }

    private void restore(ProbedDump dump) throws Exception {
        restore(dump, 1);
    }

    private void restore(ProbedDump dump, int jobs) throws Exception {
        NativeRestoreSupport.restore(dump, dbs.create(), List.of(), true, false, jobs);
    }

    private Path prefix(Path source, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        return Files.write(temp.resolve("cut-" + source.getFileName()), Arrays.copyOf(bytes, Math.min(length, bytes.length)));
    }
}
