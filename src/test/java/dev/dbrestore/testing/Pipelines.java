package dev.dbrestore.testing;

import dev.dbrestore.app.BackupSources;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PruneSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.source.http.RetryPolicy;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Builds configurations and pipelines for tests against the test server. */
public final class Pipelines {
    private Pipelines() {
    }

    public static TargetSpec target() {
        ConnectionSettings s = TestPg.server();
        return new TargetSpec(null, s.host(), s.port(), s.user(), s.password(), null);
    }

    public static Settings settings(String naming, String engine) {
        return new Settings(target(), naming, null, null, null, null, null, null, engine, null, null, null, null, null);
    }

    /** Settings for the lifecycle: a prune policy, an env file, the caches to use. */
    public static Settings settings(PruneSpec prune, String envFile, List<String> cache) {
        return new Settings(target(), null, null, envFile, prune, null, cache, null, "pg_restore", null, null,
                null, null, null);
    }

    /** Options with an environment and -D properties of the test's choosing. */
    public static RunOptions options(ConfigFile config, Map<String, String> environment, Map<String, String> properties) {
        RunOptions o = RunOptions.of(config.file());
        return new RunOptions(o.configFile(), o.profile(), o.database(), o.onExists(), o.backup(), o.sanitize(),
                o.dryRun(), o.keep(), o.olderThan(), o.jobs(), o.engine(), o.pgBin(), o.cache(), o.cacheDir(),
                o.cacheMaxSize(), o.force(),
                o.interactive(), o.reportDir(), properties, environment);
    }

    /** {@code -Ddbrestore.cache=...} */
    public static RunOptions withCache(RunOptions o, Boolean cache) {
        return new RunOptions(o.configFile(), o.profile(), o.database(), o.onExists(), o.backup(), o.sanitize(),
                o.dryRun(), o.keep(), o.olderThan(), o.jobs(), o.engine(), o.pgBin(), cache, o.cacheDir(),
                o.cacheMaxSize(), o.force(),
                o.interactive(), o.reportDir(), o.properties(), o.environment());
    }

    /** Connections resolved as in a project folder {@code dir} without settings.xml servers. */
    public static ConnectionResolver connections(Path dir) {
        return new ConnectionResolver(Map.of(), dir);
    }

    public static Profile fileProfile(String name, Path dump) {
        return new Profile(name, false, new SourceSpec.File(dump.toString()), List.of(), List.of(), Map.of(),
                List.of(), List.of(), null, Settings.empty());
    }

    public static ConfigFile config(Path dir, String project, Settings top, Profile... profiles) {
        Map<String, Profile> map = new java.util.LinkedHashMap<>();
        for (Profile p : profiles) {
            map.put(p.name(), p);
        }
        return new ConfigFile(dir.resolve("restore-profiles.yml"), 1, project, profiles[0].name(), top, map);
    }

    /** A pipeline whose sources are the real ones, built with a test environment and a fast retry policy. */
    public static RestoreCopy pipeline(RecordingProgress progress, Path baseDir, Map<String, String> env) {
        SourceContext ctx = sourceContext(progress, baseDir, env);
        return new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                spec -> BackupSources.create(spec, ctx),
                connections(baseDir), new dev.dbrestore.sanitize.Sanitizer(), ZoneOffset.UTC));
    }

    public static SourceContext sourceContext(RecordingProgress progress, Path baseDir, Map<String, String> env) {
        return new SourceContext(env, baseDir, baseDir, Credentials.NONE, progress,
                new RetryPolicy(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50), java.time.Duration.ofSeconds(5)));
    }

    public static Profile profile(String name, SourceSpec source) {
        return new Profile(name, false, source, List.of(), List.of(), Map.of(), List.of(), List.of(), null, Settings.empty());
    }

    public static RestoreCopy pipeline(RecordingProgress progress, Path baseDir, Prompter prompter) {
        return new RestoreCopy(new RestoreCopy.Context(progress, prompter,
                spec -> new FileSource(((SourceSpec.File) spec).path(), baseDir, Path.of(System.getProperty("user.home"))),
                connections(baseDir), null, ZoneOffset.UTC));
    }
}
