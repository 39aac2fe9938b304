package dev.dbrestore.app;

import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.engine.pgrestore.PgTools;
import dev.dbrestore.lifecycle.Provenance;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The restore pipeline with the pg_restore engine, end to end against the real server and the real fixture dumps. */
class RestoreCopyTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_pipe_");

    @TempDir
    Path dir;

    private RunReport report = new RunReport("restore", null);
    private final RecordingProgress progress = new RecordingProgress();

    private String restore(String fixture, String database) {
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", fixtureCopy(fixture)));
        RunOptions options = RunOptions.of(config.file()).withDatabase(database);
        return Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config, options, report).database();
    }

    private Path fixtureCopy(String fixture) {
        Path source = Fixtures.acme(fixture);
        if (!fixture.endsWith(".dir.tar")) {
            return source;
        }
        return untar(source);
    }

    private Path untar(Path tarFile) {
        try {
            Process p = new ProcessBuilder("tar", "-xf", tarFile.toString(), "-C", dir.toString()).inheritIO().start();
            assertThat(p.waitFor()).isZero();
            return dir.resolve("acme-pg15.dir");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-pg15.dump", "acme-pg15-z0.dump", "acme-pg15-pipe.dump", "acme-pg15.tar",
            "acme-pg15.sql", "acme-pg15.sql.gz", "acme-pg15.dir.tar"})
    void everyPg15FormatRestoresWithEveryRowAndChecksum(String fixture) throws Exception {
        String db = DBS.newName();
        restore(fixture, db);

        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
        try (PgAdmin admin = TestPg.admin()) {
            Provenance p = Provenance.parse(admin.comment(db)).orElseThrow();
            assertThat(p.profile()).isEqualTo("local");
            assertThat(p.backupId()).isEqualTo(fixture.endsWith(".dir.tar") ? "acme-pg15.dir" : fixture);
            assertThat(p.sanitized()).isFalse();
        }
    }

    /**
     * The fixtures' archives are 1.16 (pg_dump 17+). The local pg_restore, asked for its version as
     * the engine asks it ({@link PgTools}), either refuses them with one clear message naming its own
     * version (15, 16) or reads them (17+): the test holds with any client tools.
     */
    @ParameterizedTest
    @ValueSource(strings = {"acme-pg17.dump", "acme-pg17-zstd.dump", "acme-pg18.dump", "acme-pg19rc1.dump"})
    void anArchiveNewerThanTheLocalPgRestoreGivesOneClearMessageAndLeavesNothing(String fixture) throws Exception {
        PgTools.Version local = new PgTools(null).version("pg_restore");
        ProbedDump dump = DumpProbe.probe(Fixtures.acme(fixture));
        ArchiveHeader header;
        try (InputStream ignored = dump.stream()) {
            header = dump.header();
        }
        assertThat(header.archiveVersion()).isEqualTo("1.16");
        String db = DBS.newName();
        if (header.packedVersion() <= local.maxArchiveVersion()) {
            restore(fixture, db);
            assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            assertThat(TestPg.exists(db + "__restoring")).isFalse();
            return;
        }
        assertThatThrownBy(() -> restore(fixture, db))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("made by pg_dump " + fixture.replaceAll("acme-pg(\\d+).*", "$1"))
                .hasMessageContaining("archive format 1.16")
                .hasMessageContaining("pg_restore is " + local.major() + "." + local.minor() + " ")
                .hasMessageContaining("up to " + local.maxArchiveVersionText() + ".")
                .hasMessageContaining("engine: native");
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-pg17-zstd.dump", "acme-pg18-lz4.dump", "acme-pg19rc1.dump"})
    void theDefaultEngineRestoresDumpsNewerThanTheLocalClientTools(String fixture) throws Exception {
        String db = DBS.newName();
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, null),
                Pipelines.fileProfile("local", Fixtures.acme(fixture)));
        Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config, RunOptions.of(config.file()).withDatabase(db), report);

        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(progress.text()).contains("with the native engine");
    }

    /**
     * Issue 17 item 3: a custom archive copied or downloaded today is named after the creation time in
     * its header, not the file's modification time; the log says which date named it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"acme-pg15.dump", "acme-pg15.tar"})
    void anArchiveIsNamedAfterItsOwnCreationTime(String fixture) throws Exception {
        Path dump = Files.copy(Fixtures.acme(fixture), dir.resolve("acme." + fixture.substring(fixture.indexOf('.') + 1)));
        Files.setLastModifiedTime(dump, FileTime.from(Instant.parse("2020-06-30T12:00:00Z")));
        java.time.LocalDateTime made;
        try (InputStream in = Files.newInputStream(dump)) {
            made = DumpProbe.probe(in).header().createdAt();
        }
        String day = made.toLocalDate().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String project = DBS.newName();
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", dump));

        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()), report);

        assertThat(day).isNotEqualTo("20200630");
        assertThat(result.database()).isEqualTo(project + "_local_" + day);
        assertThat(progress.text()).contains("Named after the dump's creation time in its archive header");
    }

    @Test
    void namesAPlainDumpAfterTheFilesDateAndRecordsProvenance() throws Exception {
        Path dump = Files.copy(Fixtures.acme("acme-pg15.sql"), dir.resolve("acme.dump"));
        Files.setLastModifiedTime(dump, FileTime.from(Instant.parse("2020-06-30T12:00:00Z")));
        String project = DBS.newName();
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", dump));
        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()), report);

        assertThat(result.database()).isEqualTo(project + "_local_20200630");
        assertThat(result.jdbcUrl()).endsWith("/" + project + "_local_20200630");
        assertThat(progress.text()).contains("Backup: acme.dump from file:", "Target: " + project + "_local_20200630",
                "Named after the file's modification time, 2020-06-30 12:00 UTC (the dump records no creation time)");
        assertThat(report.outcome).isEqualTo("succeeded");
    }

    @Test
    void truncatedDumpFailsAndLeavesAnExistingDatabaseUntouched() throws Exception {
        String db = DBS.newName();
        restore("acme-pg15.dump", db);
        Map<String, String> before = Fixtures.acmeChecksums(db);

        byte[] whole = Files.readAllBytes(Fixtures.acme("acme-pg15.dump"));
        Path truncated = dir.resolve("truncated.dump");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", truncated));
        RunOptions overwrite = RunOptions.of(config.file()).withDatabase(db).withOnExists(OnExists.OVERWRITE);

        assertThatThrownBy(() -> Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config, overwrite, report))
                .hasMessageContaining("pg_restore failed");
        assertThat(Fixtures.acmeChecksums(db)).isEqualTo(before);
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }

    @Test
    void corruptDumpFailsAndLeavesNoDatabase() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.acme("acme-pg15.dump"));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= (byte) 0x5a;
        }
        Path corrupt = dir.resolve("corrupt.dump");
        Files.write(corrupt, bytes);
        String db = DBS.newName();
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", corrupt));

        assertThatThrownBy(() -> Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db), report))
                .hasMessageContaining("pg_restore failed");
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
    }

    @Test
    void existingTargetFailsInBatchModeAndOverwriteReplacesIt() throws Exception {
        String db = DBS.newName();
        restore("acme-pg15.dump", db);
        try (Connection c = TestPg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE marker(x int)");
        }

        assertThatThrownBy(() -> restore("acme-pg15.dump", db))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("already exists")
                .hasMessageContaining("-Ddbrestore.onExists=overwrite");
        assertThat(tableExists(db, "marker")).isTrue();

        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));
        Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config,
                RunOptions.of(config.file()).withDatabase(db).withOnExists(OnExists.OVERWRITE), report);
        assertThat(tableExists(db, "marker")).isFalse();
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(TestPg.exists(db + "__replaced")).isFalse();
    }

    @Test
    void suffixRestoresBesideAnExistingCopy() {
        String db = DBS.newName();
        restore("acme-pg15-z0.dump", db);
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15-z0.dump")));
        RestoreResult second = Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config,
                RunOptions.of(config.file()).withDatabase(db).withOnExists(OnExists.SUFFIX), report);
        assertThat(second.database()).isEqualTo(db + "_2");
        assertThat(TestPg.exists(db)).isTrue();
    }

    @Test
    void hostileTokensCannotInjectSql() throws Exception {
        Path dump = Files.copy(Fixtures.acme("acme-pg15.dump"), dir.resolve("x.dump"));
        String base = DBS.newName();
        String hostileProject = base + "a\"; DROP DATABASE postgres; --'";
        ConfigFile config = Pipelines.config(dir, hostileProject, Pipelines.settings("{project}_{backup}", "pg_restore"),
                Pipelines.fileProfile("local", dump));
        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()), report);
        assertThat(result.database()).matches("[a-z0-9_]+").startsWith(base + "a___drop_database_postgres");
        assertThat(TestPg.exists("postgres")).isTrue();

        // an explicit name is used as written, quoted, and still cannot escape its identifier
        String explicit = DBS.newName() + "x\"; DROP DATABASE postgres; --";
        Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config,
                RunOptions.of(config.file()).withDatabase(explicit), report);
        assertThat(TestPg.exists(explicit)).isTrue();
        assertThat(TestPg.exists("postgres")).isTrue();
    }

    @Test
    void dryRunCreatesNothing() {
        String db = DBS.newName();
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));
        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db).withDryRun(true), report);
        assertThat(result.dryRun()).isTrue();
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(progress.text()).contains("Dry run");
    }

    /** Issue 17 item 7: the plan names every step and every database and file the real run would touch. */
    @Test
    void dryRunListsEveryStepAndEveryDatabaseAndFileItWouldTouch() {
        String project = DBS.newName();
        dev.dbrestore.config.Settings settings = new dev.dbrestore.config.Settings(Pipelines.target(), null, null,
                ".envrc", new dev.dbrestore.config.PruneSpec(1, null), true, java.util.List.of("template"), null,
                "pg_restore", null, null, null, null, null);
        ConfigFile config = Pipelines.config(dir, project, settings,
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));
        String db = project + "_copy";

        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db).withDryRun(true), report);

        assertThat(result.dryRun()).isTrue();
        assertThat(progress.text()).contains(
                "1. create the database " + db + "__restoring and restore the backup into it",
                "keep it as the template database " + project + "_local__tpl_",
                "rename it to " + db,
                "set DATABASE_URL in " + dir.resolve(".envrc"),
                "prune the profile (autoPrune), sparing " + db,
                "Dry run: would free",
                "report.json");
        assertThat(TestPg.exists(db)).isFalse();
        assertThat(TestPg.exists(db + "__restoring")).isFalse();
        assertThat(Files.exists(dir.resolve(".envrc"))).isFalse();
    }

    @Test
    void dryRunAgainstAnExistingCopyInBatchModeSaysWhatWouldHappen() {
        String db = DBS.newName();
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(db);
        }
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, "pg_restore"),
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));

        RestoreResult result = Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db).withDryRun(true), report);

        assertThat(result.dryRun()).isTrue();
        assertThat(progress.text()).contains("The restore would stop here: Database " + db + " already exists");
    }

    @Test
    void policiesRestoreBecauseMissingRolesAreCreated() throws Exception {
        String db = DBS.newName();
        restore("acme-pg15.dump", db);
        try (Connection c = TestPg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_policies WHERE policyname = 'invoice_reader_not_voided'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private static boolean tableExists(String db, String table) throws Exception {
        try (Connection c = TestPg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
