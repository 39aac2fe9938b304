package dev.dbrestore.app;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sanitize goal's core: sanitizing an existing copy in place, and only a copy dbrestore made. */
class SanitizeCopyTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_inplace_");

    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();

    @Test
    void sanitizesTheNewestCopyOfTheProfileAndRecordsIt() throws Exception {
        Files.copy(Fixtures.acme("anonymize.sql"), dir.resolve("anonymize.sql"));
        Profile plain = Pipelines.fileProfile("prod", Fixtures.acme("acme-pg15.dump"));
        Profile withSanitize = new Profile("prod", false, new SourceSpec.File(Fixtures.acme("acme-pg15.dump").toString()),
                List.of("anonymize.sql"), List.of(), Map.of(), List.of(),
                List.of("select 1 from auth_user where email not like '%@example.invalid' and email not ilike '%customer%'"),
                null, Settings.empty());
        String project = DBS.newName();
        ConfigFile restoreConfig = Pipelines.config(dir, project, Pipelines.settings(null, "pg_restore"), plain);
        String db = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(restoreConfig, RunOptions.of(restoreConfig.file()), new RunReport("restore", null)).database();

        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, "pg_restore"), withSanitize);
        String sanitized = new SanitizeCopy(new Sanitizer(), new ConnectionResolver(Map.of(), dir), progress)
                .run(config, RunOptions.of(config.file()), new RunReport("sanitize", null));

        assertThat(sanitized).isEqualTo(db);
        try (PgAdmin admin = TestPg.admin()) {
            Provenance p = Provenance.parse(admin.comment(db)).orElseThrow();
            assertThat(p.sanitized()).isTrue();
            assertThat(p.sanitizeHash()).hasSize(64);
        }
        try (Connection c = TestPg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from django_session")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aFailureLeavesTheCopyAsItWasNotHalfSanitized() throws Exception {
        Files.writeString(dir.resolve("01-emails.sql"), "UPDATE auth_user SET email = 'x' || id || '@example.invalid';\n");
        Files.writeString(dir.resolve("02-broken.sql"), "UPDATE auth_user SET emial = NULL;\n");
        String project = DBS.newName();
        Profile plain = Pipelines.fileProfile("prod", Fixtures.acme("acme-pg15.dump"));
        ConfigFile restoreConfig = Pipelines.config(dir, project, Pipelines.settings(null, "native"), plain);
        String db = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(restoreConfig, RunOptions.of(restoreConfig.file()), new RunReport("restore", null)).database();
        Map<String, String> before;
        try (Connection c = PgAdmin.open(TestPg.server(), db)) {
            before = Fixtures.acmeChecksums(c);
        }
        Profile broken = new Profile("prod", false, new SourceSpec.File(Fixtures.acme("acme-pg15.dump").toString()),
                List.of("01-emails.sql", "02-broken.sql"), List.of(), Map.of(), List.of(), List.of(), null, Settings.empty());
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, "native"), broken);

        assertThatThrownBy(() -> new SanitizeCopy(new Sanitizer(), new ConnectionResolver(Map.of(), dir), progress)
                .run(config, RunOptions.of(config.file()), new RunReport("sanitize", null)))
                .isInstanceOf(UserError.class).hasMessageContaining("02-broken.sql line 1");

        try (Connection c = PgAdmin.open(TestPg.server(), db)) {
            assertThat(Fixtures.acmeChecksums(c)).as("01-emails.sql ran on a clone, not on the copy").isEqualTo(before);
        }
        try (PgAdmin admin = TestPg.admin()) {
            assertThat(Provenance.parse(admin.comment(db)).orElseThrow().sanitized()).isFalse();
            assertThat(admin.exists(db + "__restoring")).isFalse();
        }
    }

    @Test
    void refusesADatabaseItDidNotRestore() {
        String foreign = DBS.newName();
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(foreign);
        }
        Profile profile = new Profile("prod", false, new SourceSpec.File("x.dump"), List.of("anonymize.sql"), List.of(),
                Map.of(), List.of(), List.of(), null, Settings.empty());
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"), profile);
        assertThatThrownBy(() -> new SanitizeCopy(new Sanitizer(), new ConnectionResolver(Map.of(), dir), progress)
                .run(config, RunOptions.of(config.file()).withDatabase(foreign), new RunReport("sanitize", null)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("was not restored by dbrestore");
    }

    @Test
    void refusesACopyAnotherRunIsWorkingOn() throws Exception {
        String project = DBS.newName();
        Profile plain = Pipelines.fileProfile("prod", Fixtures.acme("acme-pg15.dump"));
        ConfigFile restoreConfig = Pipelines.config(dir, project, Pipelines.settings(null, "native"), plain);
        String db = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(restoreConfig, RunOptions.of(restoreConfig.file()), new RunReport("restore", null)).database();
        Files.writeString(dir.resolve("01-emails.sql"), "UPDATE auth_user SET email = 'x' || id || '@example.invalid';\n");
        Profile sanitizing = new Profile("prod", false, new SourceSpec.File(Fixtures.acme("acme-pg15.dump").toString()),
                List.of("01-emails.sql"), List.of(), Map.of(), List.of(), List.of(), null, Settings.empty());
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, "native"), sanitizing);

        try (PgAdmin otherRun = TestPg.admin()) {
            assertThat(otherRun.tryLock(db)).isTrue(); // a restore of the same name, or another sanitize, is under way
            assertThatThrownBy(() -> new SanitizeCopy(new Sanitizer(), new ConnectionResolver(Map.of(), dir), progress)
                    .run(config, RunOptions.of(config.file()).withDatabase(db), new RunReport("sanitize", null)))
                    .isInstanceOf(UserError.class).hasMessageContaining("working on " + db + " right now");
        }
        try (PgAdmin admin = TestPg.admin()) {
            assertThat(Provenance.parse(admin.comment(db)).orElseThrow().sanitized()).isFalse();
        }
    }
}
