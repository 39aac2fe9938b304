package dev.dbrestore.source.database;

import dev.dbrestore.app.BackupSources;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupTable;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
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

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code database:} source against a second database on the test server: pg_dump -Fc of the
 * live database streamed into the copy, its credentials from the URL or a settings.xml server.
 */
class DatabaseSourceTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_livedb_");
    private static final String WRONG_PASSWORD = "not-the-password-4711";

    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();
    private final RunReport report = new RunReport("restore", null);

    private static String url(String userInfo, String database) {
        ConnectionSettings s = TestPg.server();
        return "postgres://" + userInfo + s.host() + ":" + s.port() + "/" + database;
    }

    private static String urlWithPassword(String database) {
        ConnectionSettings s = TestPg.server();
        return url(s.user() + ":" + s.password() + "@", database);
    }

    private SourceContext context(Credentials credentials, Path pgBin) {
        return new SourceContext(Map.of(), dir, dir, credentials, progress, Pipelines.sourceContext(progress, dir, Map.of()).retry())
                .withPgBin(pgBin);
    }

    private RestoreResult restore(SourceSpec.Database spec, String database, SourceContext ctx) {
        return restore(spec, database, ctx, "pg_restore");
    }

    private RestoreResult restore(SourceSpec.Database spec, String database, SourceContext ctx, String engine) {
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings("{project}_{profile}_{date:yyyyMMdd}", engine),
                Pipelines.profile("replica", spec));
        RestoreCopy pipeline = new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                s -> BackupSources.create(s, ctx), Pipelines.connections(dir), new Sanitizer(), ZoneOffset.UTC));
        return pipeline.run(config, RunOptions.of(config.file()).withDatabase(database), report);
    }

    /** A pg_dump in its own folder that writes down its arguments and whether PGPASSWORD was set, then runs the real one. */
    private Path recordingPgDump() throws Exception {
        Path real = Optional.ofNullable(System.getenv("PATH")).stream().flatMap(p -> List.of(p.split(File.pathSeparator)).stream())
                .map(d -> Path.of(d).resolve("pg_dump")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("the tests need pg_dump on PATH"));
        Path bin = Files.createDirectories(dir.resolve("recording-bin"));
        Path script = bin.resolve("pg_dump");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$@\" >> \"" + bin.resolve("args.txt") + "\"\n"
                + "[ -n \"$PGPASSWORD\" ] && echo 'PGPASSWORD in the environment' >> \"" + bin.resolve("args.txt") + "\"\n"
                + "exec '" + real + "' \"$@\"\n");
        script.toFile().setExecutable(true);
        return bin;
    }

    @Test
    void aLiveDatabaseIsDumpedIntoTheCopyWithEqualRowsAndDatedNow() throws Exception {
        String live = DBS.copyOfAcme();
        String copy = DBS.newName();
        Instant before = Instant.now();

        RestoreResult result = restore(new SourceSpec.Database(urlWithPassword(live), null, List.of(), List.of()), copy,
                context(Credentials.NONE, null));

        assertThat(Fixtures.acmeChecksums(copy)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(result.backup().id()).isEqualTo("live");
        assertThat(result.backup().createdAt()).isBetween(before, Instant.now());
        assertThat(progress.infos()).anyMatch(l -> l.contains("the copy's date is now"));
        // the live database is untouched, and the password is in no description the copy keeps
        assertThat(Fixtures.acmeChecksums(live)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        String password = TestPg.server().password();
        assertThat(TestPg.admin().comment(copy)).contains("database:postgres://" + TestPg.server().user() + "@")
                .doesNotContain(password);
        assertThat(String.valueOf(report.backup)).doesNotContain(password);
    }

    /** Each run's dump of a live database is another: a template or a cached download of it would only take space. */
    @Test
    void neitherTheTemplateCacheNorTheDownloadCacheKeepsALiveDump() throws Exception {
        String live = DBS.copyOfAcme();
        String project = DBS.newName();
        Path cacheDir = dir.resolve("download-cache");
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, null, List.of("template", "download")),
                Pipelines.profile("replica", new SourceSpec.Database(urlWithPassword(live), null, List.of(), List.of())));
        SourceContext ctx = context(Credentials.NONE, null);
        RestoreCopy pipeline = new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                s -> BackupSources.create(s, ctx), Pipelines.connections(dir), new Sanitizer(), ZoneOffset.UTC));

        RestoreResult result = pipeline.run(config, RunOptions.of(config.file()).withCacheDir(cacheDir), report);

        assertThat(Fixtures.acmeChecksums(result.database())).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        assertThat(TestPg.databasesStartingWith(project)).containsExactly(result.database());
        assertThat(cacheDir).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void credentialsFromASettingsServerReachPgDumpThroughItsEnvironmentOnly() throws Exception {
        String live = DBS.copyOfAcme();
        String copy = DBS.newName();
        ConnectionSettings s = TestPg.server();
        Credentials settingsXml = id -> id.equals("acme-replica")
                ? Optional.of(new Credentials.UsernamePassword(s.user(), s.password())) : Optional.empty();
        Path bin = recordingPgDump();

        restore(new SourceSpec.Database(url("", live), "acme-replica", List.of(), List.of("billing.refund")), copy,
                context(settingsXml, bin));

        assertThat(TestPg.queryOne(copy, "SELECT to_regclass('billing.refund') IS NULL")).isEqualTo("t");
        assertThat(TestPg.queryOne(copy, "SELECT count(*) FROM public.auth_user")).isEqualTo(Fixtures.acmeRows("public.auth_user"));
        String args = Files.readString(bin.resolve("args.txt"));
        assertThat(args).contains("--format=custom", "--exclude-table=billing.refund", "--dbname=" + live,
                "PGPASSWORD in the environment").doesNotContain(s.password());
    }

    @Test
    void aWrongPasswordIsOneClearMessageWithoutThePasswordAndNothingIsCreated() throws Exception {
        String live = DBS.copyOfAcme();
        String copy = DBS.newName();
        String url = url(TestPg.server().user() + ":" + WRONG_PASSWORD + "@", live);

        assertThatThrownBy(() -> restore(new SourceSpec.Database(url, null, List.of(), List.of()), copy,
                context(Credentials.NONE, null)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("The database: source database:postgres://" + TestPg.server().user() + "@")
                .hasMessageContaining("refused the login (28P01")
                .hasMessageContaining("settings.xml")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD);
                    }
                });
        assertThat(progress.text()).doesNotContain(WRONG_PASSWORD);
        assertThat(TestPg.databasesStartingWith(copy)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg_restore", "native"})
    void aPgDumpThatFailsMidwayIsReportedWithItsReasonAndNothingIsLeftBehind(String engine) throws Exception {
        String live = DBS.copyOfAcme();
        String copy = DBS.newName();
        // a reader that may read every table but is subject to billing.invoice's row-level security policy:
        // pg_dump refuses to dump a table partially and stops after the tables before it were streamed
        String reader = DBS.newRole();
        TestPg.execute("postgres", "CREATE ROLE " + reader + " LOGIN PASSWORD 'reader-pw-7c1e'",
                "GRANT pg_read_all_data TO " + reader);

        assertThatThrownBy(() -> restore(new SourceSpec.Database(url(reader + ":reader-pw-7c1e@", live), null, List.of(),
                List.of()), copy, context(Credentials.NONE, null), engine))
                .hasMessageContaining("pg_dump failed")
                .hasMessageContaining("row-level security policy for table \"invoice\"")
                .hasMessageContaining("BYPASSRLS");
        assertThat(TestPg.databasesStartingWith(copy)).isEmpty();
    }

    @Test
    void aMissingOrTooOldPgDumpIsReportedBeforeAnythingIsCreated() throws Exception {
        String live = DBS.copyOfAcme();
        String copy = DBS.newName();
        Path noTools = Files.createDirectories(dir.resolve("no-tools"));

        assertThatThrownBy(() -> restore(new SourceSpec.Database(urlWithPassword(live), null, List.of(), List.of()), copy,
                context(Credentials.NONE, noTools)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("The database: source needs pg_dump ")
                .hasMessageContaining("to dump database:postgres://")
                .hasMessageContaining("pg_dump not found in pgBin " + noTools);
        assertThat(TestPg.databasesStartingWith(copy)).isEmpty();

        // pg_dump refuses a server newer than itself: said before anything is created, with the version needed
        Path oldTools = Files.createDirectories(dir.resolve("old-tools"));
        Files.writeString(oldTools.resolve("pg_dump"), "#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.22'\n");
        oldTools.resolve("pg_dump").toFile().setExecutable(true);
        assertThatThrownBy(() -> restore(new SourceSpec.Database(urlWithPassword(live), null, List.of(), List.of()), copy,
                context(Credentials.NONE, oldTools)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("The database: source needs pg_dump ")
                .hasMessageContaining("or newer (the server is PostgreSQL ")
                .hasMessageContaining("pg_dump (PostgreSQL) 12.22");
        assertThat(TestPg.databasesStartingWith(copy)).isEmpty();
    }

    /** A hot standby's cancellation cannot be provoked on the one test server: the advice for pg_dump's words is checked alone. */
    @Test
    void aReplicaThatCanceledPgDumpGetsTheSettingThatPreventsIt() {
        assertThat(DatabaseSource.hint("pg_dump: error: Dumping the contents of table \"auth_user\" failed: PQgetResult() failed.\n"
                + "pg_dump: error: Error message from server: ERROR:  canceling statement due to conflict with recovery"))
                .contains("hot_standby_feedback");
        assertThat(DatabaseSource.hint("pg_dump: error: connection to server failed")).isEmpty();
    }

    @Test
    void theBackupsGoalShowsOneLiveBackup() throws Exception {
        var source = BackupSources.create(new SourceSpec.Database(urlWithPassword("postgres"), null, List.of(), List.of()),
                context(Credentials.NONE, null));
        List<Backup> backups = source.list();

        assertThat(backups).extracting(Backup::id).containsExactly("live");
        assertThat(backups.get(0).createdAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(String.join("\n", BackupTable.render(backups))).contains("live").doesNotContain(TestPg.server().password());
        assertThatThrownBy(() -> source.pick("b042")).isInstanceOf(UserError.class).hasMessageContaining("one backup, 'live'");
    }
}
