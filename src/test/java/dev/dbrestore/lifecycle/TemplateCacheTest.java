package dev.dbrestore.lifecycle;

import dev.dbrestore.app.PruneCopies;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.support.Progress;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cache: template, end to end: a repeated restore of the same backup is a clone of a sanitized template. */
class TemplateCacheTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_life_");

    @TempDir
    Path dir;
    private RecordingProgress progress = new RecordingProgress();
    private final String project = DBS.newName();

    private Path dump(String isoDate) throws Exception {
        Path dump = dir.resolve("acme.dump");
        if (!Files.exists(dump)) {
            Files.copy(Fixtures.acme("acme-pg15.dump"), dump);
        }
        Files.setLastModifiedTime(dump, FileTime.from(Instant.parse(isoDate)));
        return dump;
    }

    private Profile profile(Path dump, List<String> sanitize) {
        return new Profile("local", false, new SourceSpec.File(dump.toString()), sanitize, List.of(), Map.of(), List.of(),
                sanitize.isEmpty() ? List.of() : List.of("select 1 from auth_user where email not like '%@example.invalid'"),
                null, Settings.empty());
    }

    /** Restores with {@code cache: [template]} into {@code database}; the log of this restore alone is in {@link #progress}. */
    private String restore(Profile profile, String database, Boolean cacheOption) {
        progress = new RecordingProgress();
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, null, List.of("template")), profile);
        Progress log = progress;
        if (onClone != null) {
            log = new Progress() {
                @Override public void info(String message) {
                    if (message.startsWith("Cloned ")) {
                        onClone.run();
                    }
                    progress.info(message);
                }
                @Override public void warn(String message) { progress.warn(message); }
                @Override public void debug(String message) { progress.debug(message); }
            };
        }
        RestoreCopy pipeline = new RestoreCopy(new RestoreCopy.Context(log, Prompter.NEVER,
                spec -> new FileSource(((SourceSpec.File) spec).path(), dir, dir), Pipelines.connections(dir),
                new Sanitizer(), ZoneOffset.UTC));
        RunOptions options = Pipelines.withCache(RunOptions.of(config.file()).withDatabase(database), cacheOption);
        return pipeline.run(config, options, new RunReport("restore", null)).database();
    }

    /** Runs in the restore's own thread the moment it logs that it cloned the staging database. */
    private Runnable onClone;

    @Test
    void aStagingDatabaseClonedFromATemplateIsMarkedAtOnce() throws Exception {
        Profile profile = profile(dump("2020-06-30T12:00:00Z"), List.of());
        restore(profile, name("first"), null);
        String second = name("second");
        List<Provenance> markAtClone = new java.util.ArrayList<>();
        onClone = () -> {
            try (PgAdmin admin = TestPg.admin()) {
                // a kill -9 now would leave this database: prune recognises it only by this mark
                Provenance.parse(admin.comment(second + "__restoring")).ifPresent(markAtClone::add);
            }
        };
        restore(profile, second, null);
        onClone = null;
        assertThat(markAtClone).as(progress.text()).singleElement().satisfies(p -> {
            assertThat(p.isStaging()).isTrue();
            assertThat(p.target()).isEqualTo(second);
        });
    }

    private String name(String suffix) {
        return project + "_" + suffix;
    }

    @Test
    void theSecondRestoreOfTheSameBackupIsACloneWithTheSameRows() throws Exception {
        Profile profile = profile(dump("2020-06-30T12:00:00Z"), List.of());

        String first = restore(profile, name("first"), null);
        assertThat(progress.text()).contains("restoring in full", "Kept this backup as the template");
        List<CopyCatalog.Copy> templates = templates(project);
        assertThat(templates).hasSize(1);
        assertThat(allowsConnections(templates.get(0).name())).as("nobody may connect to a template").isFalse();

        String second = restore(profile, name("second"), null);
        assertThat(progress.text()).contains("Cloned " + second + "__restoring from the template " + templates.get(0).name())
                .doesNotContain("Restoring into");
        assertThat(Fixtures.acmeChecksums(second)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme())
                .isEqualTo(Fixtures.acmeChecksums(first));
        Provenance copy = provenanceOf(second);
        assertThat(copy.isCopy()).isTrue();
        assertThat(copy.backupId()).isEqualTo("acme.dump");
        assertThat(copy.backupTime()).isEqualTo("2020-06-30T12:00:00Z");
        assertThat(Instant.parse(copy.restoredAt())).isAfter(Instant.parse(provenanceOf(first).restoredAt()));
        assertThat(TestPg.exists(second + "__restoring")).isFalse();
        assertThat(templates(project)).hasSize(1);
    }

    @Test
    void aSanitizedTemplateIsReusedUntilTheSanitizeFilesChange() throws Exception {
        Files.createDirectories(dir.resolve("sql"));
        Path script = Files.copy(Fixtures.acme("anonymize.sql"), dir.resolve("sql/01-anonymize.sql"));
        Profile profile = profile(dump("2020-06-30T12:00:00Z"), List.of("sql"));

        String first = restore(profile, name("first"), null);
        String second = restore(profile, name("second"), null);
        assertThat(progress.text()).contains("Cloned").doesNotContain("Restoring into");
        assertThat(Fixtures.acmeChecksums(second)).isEqualTo(Fixtures.acmeChecksums(first)).isNotEqualTo(Fixtures.expectedAcme());
        assertThat(provenanceOf(second).sanitized()).isTrue();
        assertThat(provenanceOf(second).sanitizeHash()).isEqualTo(provenanceOf(first).sanitizeHash());

        Files.writeString(script, "\n-- reviewed: also covers the new column\n", StandardOpenOption.APPEND);
        String third = restore(profile, name("third"), null);
        assertThat(progress.text()).contains("restoring in full", "Restoring into").doesNotContain("Cloned");
        assertThat(provenanceOf(third).sanitizeHash()).isNotEqualTo(provenanceOf(first).sanitizeHash());
        assertThat(templates(project)).hasSize(2);

        // prune keeps only the newest template of the profile: the one made with the changed file
        new PruneCopies(Pipelines.connections(dir), progress, Clock.systemUTC()).run(
                Pipelines.config(dir, project, Pipelines.settings(null, null, List.of("template")), profile),
                RunOptions.of(dir.resolve("restore-profiles.yml")), null);
        assertThat(templates(project)).singleElement()
                .satisfies(t -> assertThat(t.provenance().sanitizeHash()).isEqualTo(provenanceOf(third).sanitizeHash()));
    }

    @Test
    void aNewerBackupMakesANewTemplateAndCacheFalseBypassesIt() throws Exception {
        restore(profile(dump("2020-06-29T12:00:00Z"), List.of()), name("old"), null);
        Profile newer = profile(dump("2020-06-30T12:00:00Z"), List.of());

        restore(newer, name("new"), null);
        assertThat(progress.text()).contains("restoring in full").doesNotContain("Cloned");
        assertThat(templates(project)).hasSize(2);

        String bypassed = restore(newer, name("bypassed"), false);
        assertThat(progress.text()).contains("Restoring into").doesNotContain("Cloned", "template");
        assertThat(Fixtures.acmeChecksums(bypassed)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    private static boolean allowsConnections(String database) throws Exception {
        try (PgAdmin admin = TestPg.admin(); Statement s = admin.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + database + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }

    /** The template-cache databases of {@code project}. */
    static List<CopyCatalog.Copy> templates(String project) {
        try (PgAdmin admin = TestPg.admin()) {
            return CopyCatalog.templates(admin, null).stream().filter(t -> project.equals(t.provenance().project())).toList();
        }
    }

    private static Provenance provenanceOf(String database) {
        try (PgAdmin admin = TestPg.admin()) {
            return Provenance.parse(admin.comment(database)).orElseThrow();
        }
    }
}
