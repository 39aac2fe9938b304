package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 3: a target password that is an ordinary word is never printed, and the names
 * and paths that contain the same word are printed as they are (not turned into {@code ****}).
 */
class SecretsInOutputTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_redact_");
    private static final String ROLE = DBS.newRole();
    /** An ordinary word, chosen so that registering it as a secret does not disturb other tests in this JVM. */
    private static final String PASSWORD = "harbour";
    private static final Pattern PASSWORD_TOKEN = Pattern.compile("(?<![A-Za-z0-9_-])" + PASSWORD + "(?![A-Za-z0-9_-])");

    @TempDir
    Path dir;

    @BeforeAll
    static void createRole() throws Exception {
        TestPg.execute("postgres", "CREATE ROLE " + ROLE + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
    }

    @Test
    void aPasswordThatIsAnOrdinaryWordIsNeverPrintedAndNamesKeepTheWord() throws Exception {
        Path dumps = Files.createDirectories(dir.resolve(PASSWORD + "-dumps"));
        Path dump = Files.copy(Fixtures.acme("acme-pg15.dump"), dumps.resolve("acme.dump"));
        String database = DBS.newName(PASSWORD + "_");
        ConnectionSettings test = TestPg.server();
        TargetSpec target = new TargetSpec(null, test.host(), test.port(), ROLE, PASSWORD, null);
        Settings settings = new Settings(target, null, null, ".env", null, null, null, null, null, null, null, null, null, null);
        ConfigFile config = Pipelines.config(dir, "acme", settings, Pipelines.fileProfile("local", dump));
        RecordingProgress progress = new RecordingProgress();
        RunReport report = new RunReport("restore", null);

        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(database), report);
        String reportJson = Files.readString(report.writeTo(dir.resolve("report")));
        String envFile = Files.readString(dir.resolve(".env"));

        assertThat(progress.text()).contains("Target: " + database + " on " + ROLE + "@", dumps.toString());
        assertThat(reportJson).contains("\"" + database + "\"", dumps.toString());
        assertThat(result.url()).isEqualTo("postgres://" + ROLE + "@" + test.host() + ":" + test.port() + "/" + database);
        assertThat(envFile).contains("DATABASE_URL=" + result.url());
        for (String output : new String[]{progress.text(), reportJson, result.url(), result.jdbcUrl(), envFile}) {
            assertThat(PASSWORD_TOKEN.matcher(output).find()).as("the password as a token in:%n%s", output).isFalse();
            assertThat(output).doesNotContain("****");
        }
    }
}
