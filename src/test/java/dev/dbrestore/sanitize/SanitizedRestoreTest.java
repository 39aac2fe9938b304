package dev.dbrestore.sanitize;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sanitizer inside the restore pipeline: guarantee 3, no unsanitized data under a usable name. */
class SanitizedRestoreTest {
    private static final String PREFIX = AcmeDatabases.PREFIX + "pipe_";

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();
    private final RunReport report = new RunReport("restore", null);

    @AfterAll
    static void cleanUp() {
        TestPg.dropAll(PREFIX);
    }

    private Profile prodProfile(List<String> sanitize) {
        return new Profile("prod", true, new SourceSpec.File(Fixtures.acme("acme-pg15.dump").toString()), sanitize,
                List.of(), Map.of(), List.of(), List.of("select 1 from auth_user where email not like '%@example.invalid'"),
                null, Settings.empty());
    }

    private String restore(Profile profile, String database, OnExists onExists) {
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"), profile);
        RestoreCopy pipeline = new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                spec -> new FileSource(((SourceSpec.File) spec).path(), dir, dir), new ConnectionResolver(Map.of(), dir),
                new Sanitizer(), ZoneOffset.UTC));
        return pipeline.run(config, RunOptions.of(config.file()).withDatabase(database).withOnExists(onExists), report).database();
    }

    private void writeScripts(boolean broken) throws Exception {
        Files.createDirectories(dir.resolve("sql"));
        Files.copy(Fixtures.acme("anonymize.sql"), dir.resolve("sql/01-anonymize.sql"));
        if (broken) {
            Files.writeString(dir.resolve("sql/02-broken.sql"), "-- a typo\nUPDATE auth_user SET emial = 'x';\n");
        }
    }

    @Test
    void aSensitiveProfileRestoresSanitizedWithProvenance() throws Exception {
        writeScripts(false);
        Profile profile = prodProfile(List.of("sql"));
        String db = restore(profile, TestPg.uniqueName(PREFIX), null);

        assertThat(AcmeDatabases.rows(db, "SELECT count(*) AS n FROM auth_user WHERE email LIKE '%@example.invalid'"))
                .containsExactly(Map.of("n", "500"));
        try (PgAdmin admin = TestPg.admin()) {
            Provenance provenance = Provenance.parse(admin.comment(db)).orElseThrow();
            assertThat(provenance.sanitized()).isTrue();
            assertThat(provenance.sanitizeHash()).isEqualTo(new Sanitizer().hash(profile, dev.dbrestore.config.Defaults.SETTINGS.overriddenBy(Pipelines.settings(null, "pg_restore")), dir));
        }
        assertThat(report.steps).extracting(RunReport.Step::name).contains("sanitize: sql sql/01-anonymize.sql", "sanitize");
        assertThat(report.verification).hasSize(1);
    }

    @Test
    void aFailingScriptLeavesNoDatabaseAndAnOlderCopyUntouched() throws Exception {
        writeScripts(true);
        String fresh = TestPg.uniqueName(PREFIX);
        assertThatThrownBy(() -> restore(prodProfile(List.of("sql")), fresh, null))
                .hasMessageStartingWith("sanitize failed in sql/02-broken.sql line 2: ERROR: column \"emial\" of relation \"auth_user\" does not exist");
        assertThat(TestPg.exists(fresh)).isFalse();
        assertThat(TestPg.exists(fresh + "__restoring")).isFalse();

        String older = AcmeDatabases.copy();
        try {
            try (PgAdmin admin = TestPg.admin()) { // a copy dbrestore made: only those are replaced without force
                admin.comment(older, new Provenance(Provenance.FORMAT_VERSION, Provenance.COPY, "acme", "prod",
                        "file:acme.dump", "acme.dump", null, null, null, false, null, null, null).toJson());
            }
            AcmeDatabases.execute(older, "CREATE TABLE marker (x int)");
            Map<String, String> emailsBefore = AcmeDatabases.column(older, "auth_user", "id", "email");
            assertThatThrownBy(() -> restore(prodProfile(List.of("sql")), older, OnExists.OVERWRITE))
                    .hasMessageContaining("sanitize failed in sql/02-broken.sql line 2");
            assertThat(AcmeDatabases.column(older, "auth_user", "id", "email")).isEqualTo(emailsBefore);
            assertThat(AcmeDatabases.rows(older, "SELECT count(*) AS n FROM marker")).containsExactly(Map.of("n", "0"));
            assertThat(TestPg.exists(older + "__restoring")).isFalse();
        } finally {
            AcmeDatabases.drop(older);
        }
    }

}
