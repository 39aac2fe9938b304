package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A restore of the acme dump with a sensitive profile that masks e-mails and names with the built-ins:
 * clean, the provenance and report.json say so; a sanitize step that plants a customer's e-mail in
 * another table's JSON fails the run naming that table and column, with no value anywhere, and leaves
 * no database behind.
 */
class LeakScanRestoreTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_leakrun_");
    private static final String PLANT = "UPDATE event_log SET payload = payload || jsonb_build_object('contact', "
            + "(SELECT email FROM auth_user WHERE id = 7)) WHERE id = (SELECT min(id) FROM event_log);\n";

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();

    private ConfigFile config(String sanitizeSql) throws Exception {
        Files.writeString(dir.resolve("plant.sql"), sanitizeSql);
        List<MaskRule> rules = List.of(
                new MaskRule("auth_user", List.of(new Strategy("email", Strategy.Kind.EMAIL),
                        new Strategy("first_name", Strategy.Kind.HASH), new Strategy("last_name", Strategy.Kind.HASH),
                        new Strategy("phone", Strategy.Kind.NULL)), null, null),
                new MaskRule("store_purchase", List.of(new Strategy("email", Strategy.Kind.EMAIL),
                        new Strategy("first_name", Strategy.Kind.HASH), new Strategy("last_name", Strategy.Kind.HASH),
                        new Strategy("phone", Strategy.Kind.NULL), new Strategy("address1", Strategy.Kind.HASH),
                        new Strategy("address2", Strategy.Kind.NULL),
                        // the fixture's order notes and addresses repeat its edge-case name values
                        new MaskRule.Expression("metadata", "metadata - 'note'")),
                        null, null),
                new MaskRule("newsletter_subscriber", List.of(new Strategy("email", Strategy.Kind.EMAIL),
                        new Strategy("name", Strategy.Kind.HASH)), null, null));
        Profile profile = new Profile("prod", true, new SourceSpec.File(Fixtures.acme("acme-pg15.dump").toString()),
                List.of("plant.sql"), rules, Map.of(), List.of(), List.of(), null, Settings.empty());
        return Pipelines.config(dir, DBS.newName(), Pipelines.settings(null, "native"), profile);
    }

    @Test
    void aCleanRunRecordsTheScanInTheProvenanceAndTheReport() throws Exception {
        ConfigFile config = config("SELECT 1;\n");
        RunReport report = new RunReport("restore", "prod");
        String db = Pipelines.pipeline(progress, dir, Map.of()).run(config, RunOptions.of(config.file()), report).database();

        try (PgAdmin admin = TestPg.admin()) {
            Provenance p = Provenance.parse(admin.comment(db)).orElseThrow();
            assertThat(p.leakScan()).startsWith("clean (").contains("text columns");
        }
        assertThat(Files.readString(report.writeTo(dir.resolve("report"))))
                .contains("\"leakScan\"").contains("\"status\" : \"clean\"").contains("\"mode\" : \"fail\"");
    }

    @Test
    void aPlantedEmailFailsTheRunNamingTableAndColumnWithNoValueAnywhere() throws Exception {
        String email = TestPg.queryOne(TestPg.acmeTemplate(), "SELECT email FROM auth_user WHERE id = 7");
        ConfigFile config = config(PLANT);
        RunReport report = new RunReport("restore", "prod");
        String db = DBS.newName();

        Throwable failure = catchThrowable(() -> Pipelines.pipeline(progress, dir, Map.of())
                .run(config, RunOptions.of(config.file()).withDatabase(db), report));
        report.finish("failed", failure == null ? null : failure.getMessage());

        assertThat(failure).isNotNull().hasMessageContaining("public.event_log.payload holds raw values of the masked "
                + "column public.auth_user.email in 1 row(s)");
        String json = Files.readString(report.writeTo(dir.resolve("report")));
        assertThat(json).contains("\"table\" : \"public.event_log\"").contains("\"column\" : \"payload\"")
                .contains("\"rule\" : \"public.auth_user.email\"");
        StringWriter chain = new StringWriter();
        failure.printStackTrace(new PrintWriter(chain));
        String local = email.substring(0, email.indexOf('@'));
        for (String text : List.of(chain.toString(), json, Redactor.redact(progress.text()))) {
            assertThat(text).doesNotContainIgnoringCase(email).doesNotContainIgnoringCase(local);
        }
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }
}
