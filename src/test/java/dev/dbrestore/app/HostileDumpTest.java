package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A dump is untrusted input: a plain dump with a psql meta-command pg_dump never writes (here
 * {@code \!}, a shell command) is refused by both engines before anything runs it, naming the line,
 * and leaves no database behind. The dump is a copy of the real plain fixture with one line added.
 */
class HostileDumpTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_hostile_");

    @TempDir
    Path dir;

    @Test
    void aCompressedStatementOfManyMegabytesIsRefusedBeforeItFillsTheHeap() throws Exception {
        // 3 MB of gzip that expand into one 40 MiB statement (a comment inside it), then the real dump
        Path dump = dir.resolve("bomb.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump))) {
            out.write("SELECT 1 /*".getBytes(StandardCharsets.US_ASCII));
            byte[] filler = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 40; i++) {
                out.write(filler);
            }
            out.write("*/;\n".getBytes(StandardCharsets.US_ASCII));
            out.write(Files.readAllBytes(Fixtures.acme("acme-pg15.sql")));
        }
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "native"), Pipelines.fileProfile("local", dump));
        String db = DBS.newName();

        assertThatThrownBy(() -> Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db), new RunReport("restore", null)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("longer than 16 MiB")
                .hasMessageContaining("engine: pg_restore");
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }

    @ParameterizedTest(name = "{0} engine")
    @CsvSource({"native", "pg_restore"})
    void commentsFiveTimesTheHeapStreamThroughIt(String engine) throws Exception {
        // 256 MiB of comment lines (a few hundred KB of gzip) before the real dump, restored by a JVM with 48 MB of heap
        Path dump = dir.resolve("comments.sql.gz");
        byte[] comments = ("-- " + "x".repeat(1020) + "\n").repeat(1024).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump), 1 << 16)) {
            for (int i = 0; i < 256; i++) {
                out.write(comments);
            }
            out.write(Files.readAllBytes(Fixtures.acme("acme-pg15.sql")));
        }
        String db = DBS.newName();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), RestoreMain.class.getName(), engine, dump.toString(), db,
                dir.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("OutOfMemoryError").contains("restored " + db);
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    @ParameterizedTest(name = "{0} engine: {1}")
    @CsvSource(delimiter = '|', value = {"native|\\! touch %s", "pg_restore|\\! touch %s", "pg_restore|\\o |touch %s",
            "native|\\copy (select 1) to program 'touch %s'", "pg_restore|\\copy (select 1) to program 'touch %s'"})
    void aShellCommandInAPlainDumpIsRefusedAndNeverRuns(String engine, String command) throws Exception {
        Path pwned = dir.resolve("pwned");
        String script = Files.readString(Fixtures.acme("acme-pg15.sql"));
        int afterFirstStatement = script.indexOf(";\n") + 2;
        int line = (int) script.substring(0, afterFirstStatement).chars().filter(c -> c == '\n').count() + 1;
        Path dump = dir.resolve("hostile.sql");
        Files.writeString(dump, script.substring(0, afterFirstStatement) + command.formatted(pwned) + "\n"
                + script.substring(afterFirstStatement));
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, engine), Pipelines.fileProfile("local", dump));
        String db = DBS.newName();

        assertThatThrownBy(() -> Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db), new RunReport("restore", null)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("psql meta-command " + command.split(" ")[0])
                .hasMessageContaining("at line " + line);
        Thread.sleep(200);
        assertThat(pwned).doesNotExist();
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }
}
