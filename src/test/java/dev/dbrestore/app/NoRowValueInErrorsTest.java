package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A restore runs before sanitization, so its errors must not carry the dump's rows: with both
 * engines, a row the server rejects (a NOT NULL violation, a value of the wrong type) fails the
 * restore with object names, SQLSTATE and line numbers only — in the message, in the whole cause
 * chain that {@code -X} prints, in the report and in the log. The dumps are copies of the real
 * fixtures with one value of user2's row changed (plain: {@code \N}; custom, uncompressed: the
 * date replaced by bytes of the same length).
 */
class NoRowValueInErrorsTest {
    private static final String PREFIX = "t_novalue_";
    private static final String[] VALUES = {"user2@example.net", "555-0113-9887", "Mateus", "Jones", "pbkdf2_sha256$600000$d125a"};

    @TempDir
    Path dir;

    @AfterAll
    static void cleanUp() {
        TestPg.dropAll(PREFIX);
    }

    @ParameterizedTest(name = "{0} engine, {1}")
    @CsvSource({
            "native, plain-not-null", "pg_restore, plain-not-null",
            "native, plain-bad-date", "pg_restore, plain-bad-date",
            "native, custom-bad-date", "pg_restore, custom-bad-date"})
    void aRejectedRowFailsTheRestoreWithoutItsValues(String engine, String variant) throws Exception {
        Path dump = brokenDump(variant);
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, engine), Pipelines.fileProfile("local", dump));
        RecordingProgress progress = new RecordingProgress();
        RunReport report = new RunReport("restore", "local");
        String db = TestPg.uniqueName(PREFIX);

        Throwable failure = catchThrowable(() -> Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db), report));
        report.finish("failed", failure == null ? null : failure.getMessage());

        assertThat(failure).as("the restore must fail").isNotNull();
        assertThat(failure.getMessage()).contains("auth_user");
        StringWriter chain = new StringWriter();
        failure.printStackTrace(new PrintWriter(chain));
        assertThat(chain.toString()).as("what -X prints").doesNotContain(VALUES);
        assertThat(Files.readString(report.writeTo(dir.resolve("report")))).doesNotContain(VALUES);
        assertThat(Redactor.redact(progress.text())).as("the log as MavenProgress prints it").doesNotContain(VALUES);
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }

    private Path brokenDump(String variant) throws IOException {
        switch (variant) {
            case "plain-not-null":
                return replaceOnce("acme-pg15.sql", "2\tuser2\tMateus\tJones\t", "2\tuser2\tMateus\t\\N\t");
            case "plain-bad-date":
                return replaceOnce("acme-pg15.sql", "2022-04-06 22:30:17+00", "user2@example.net_____");
            case "custom-bad-date":
                return replaceOnce("acme-pg15-z0.dump", "2022-04-06 22:30:17+00", "user2@example.net_____");
            default:
                throw new IllegalArgumentException(variant);
        }
    }

    /** A copy of a fixture with the one occurrence of {@code from} replaced (a custom archive: by bytes of the same length). */
    private Path replaceOnce(String fixture, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.acme(fixture));
        byte[] needle = from.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, needle);
        assertThat(at).as(from + " in " + fixture).isNotNegative();
        assertThat(fixture.endsWith(".sql") || replacement.length == needle.length).isTrue();
        byte[] changed = new byte[bytes.length - needle.length + replacement.length];
        System.arraycopy(bytes, 0, changed, 0, at);
        System.arraycopy(replacement, 0, changed, at, replacement.length);
        System.arraycopy(bytes, at + needle.length, changed, at + replacement.length, bytes.length - at - needle.length);
        Path copy = dir.resolve(fixture);
        Files.write(copy, changed);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
