package dev.dbrestore.testing;

import dev.dbrestore.app.BackupSources;
import dev.dbrestore.app.PublishCopy;
import dev.dbrestore.app.PublishResult;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PublishSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.PublishDestination;
import dev.dbrestore.source.SourceContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A project folder for publish tests: the acme fixture as a backup in {@code backups/}, the shared
 * {@code anonymize.sql} plus a script for the usernames it leaves (the PII check, always {@code fail} for
 * publish, would refuse them), a {@code prod} profile publishing to the destination the test chooses,
 * and a {@code dev} profile restoring what was published.
 */
public final class PublishFixture {
    public static final Instant BACKUP_TIME = Instant.parse("2026-11-28T04:10:33Z");
    public static final String VERIFY = "select 1 from auth_user where email not like '%@example.invalid' "
            + "and email not ilike '%customer%'";

    public final Path dir;
    public final String project;
    public final RecordingProgress progress = new RecordingProgress();
    private final Map<String, String> env;

    public PublishFixture(Path dir, String project, Map<String, String> env) throws Exception {
        this.dir = dir;
        this.project = project;
        this.env = env;
        Files.createDirectories(dir.resolve("sql"));
        Files.copy(Fixtures.acme("anonymize.sql"), dir.resolve("sql/anonymize.sql"));
        Files.writeString(dir.resolve("sql/usernames.sql"), "UPDATE auth_user SET username = 'user' || id;\n");
        Files.createDirectories(dir.resolve("backups"));
        backup("acme.dump", BACKUP_TIME);
    }

    /** The acme fixture as a backup taken at {@code when}. */
    public Path backup(String name, Instant when) throws Exception {
        Path copy = dir.resolve("backups").resolve(name);
        Files.copy(Fixtures.acme("acme-pg15.dump"), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(copy, FileTime.from(when));
        return copy;
    }

    public Profile profile(List<String> verify, PublishSpec publish) {
        return new Profile("prod", true, new SourceSpec.File("backups/*.dump"), List.of("sql/anonymize.sql",
                "sql/usernames.sql"), List.of(), Map.of(), List.of(), verify, publish, Settings.empty());
    }

    public ConfigFile config(Profile profile) {
        return Pipelines.config(dir, project, Pipelines.settings(null, "pg_restore"), profile);
    }

    public RunOptions options(Profile profile) {
        return RunOptions.of(config(profile).file());
    }

    public PublishResult publish(Profile profile, RunOptions options) {
        SourceContext ctx = Pipelines.sourceContext(progress, dir, env);
        return publish(profile, options, spec -> BackupSources.destination(spec, ctx));
    }

    public PublishResult publish(Profile profile, RunOptions options, Function<PublishSpec, PublishDestination> destinations) {
        SourceContext ctx = Pipelines.sourceContext(progress, dir, env);
        PublishCopy publish = new PublishCopy(new PublishCopy.Context(progress, spec -> BackupSources.create(spec, ctx),
                destinations, Pipelines.connections(dir), new Sanitizer(), "1.2.3-test"));
        return publish.run(config(profile), options, new RunReport("publish", null));
    }

    /** A developer's restore of the newest published dump from {@code source} with profile {@code dev}. */
    public RestoreResult developerRestore(SourceSpec source, String naming) {
        Profile dev = Pipelines.profile("dev", source);
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(naming, "pg_restore"), dev);
        return Pipelines.pipeline(progress, dir, env).run(config, RunOptions.of(config.file()),
                new RunReport("restore", null));
    }

    /** The databases whose name starts with the project's: the scratch databases a publish left, if any. */
    public List<String> scratchDatabases() throws SQLException {
        return TestPg.rows("postgres", "SELECT datname FROM pg_database WHERE datname LIKE '" + project + "%'")
                .stream().map(r -> r.get("datname")).toList();
    }

    /** Rows of auth_user whose email is neither sanitized nor one of the support team's (kept by anonymize.sql). */
    public static String unsanitizedEmails(String database) throws SQLException {
        return TestPg.queryOne(database, "SELECT count(*) FROM auth_user WHERE email NOT LIKE '%@example.invalid'"
                + " AND email NOT ILIKE '%customer%'");
    }
}
