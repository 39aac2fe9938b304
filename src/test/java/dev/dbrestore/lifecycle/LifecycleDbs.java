package dev.dbrestore.lifecycle;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PruneSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.TestPg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Databases, configurations and options for the lifecycle tests; every name starts with {@link #PREFIX}. */
final class LifecycleDbs {
    static final String PREFIX = "t_life_";

    private LifecycleDbs() {
    }

    private static final Set<String> PROJECTS = ConcurrentHashMap.newKeySet();

    /**
     * A project name of its own per test, so prunes of tests running side by side never see each
     * other's copies; every database a test makes starts with it and {@code _}.
     */
    static String project() {
        String project = TestPg.uniqueName(PREFIX);
        PROJECTS.add(project);
        return project;
    }

    /**
     * Drops the databases of the projects this JVM made, templates (which refuse connections)
     * included; never another run's {@code t_life_} databases (a benchmark, the same tests in
     * another worktree).
     */
    static void dropOurs() {
        try (PgAdmin admin = TestPg.admin()) {
            admin.allDatabases().stream().map(PgAdmin.DatabaseInfo::name)
                    .filter(n -> PROJECTS.stream().anyMatch(p -> n.startsWith(p + "_")))
                    .forEach(admin::dropForce);
        }
    }

    /** An empty database carrying the provenance of a restored copy of a backup taken at {@code backupTime}. */
    static String copy(String project, String profile, String backupTime) {
        String name = TestPg.uniqueName(project + "_" + profile + "_");
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            admin.comment(name, provenance(project, profile, backupTime).toJson());
        }
        return name;
    }

    static Provenance provenance(String project, String profile, String backupTime) {
        return new Provenance(Provenance.FORMAT_VERSION, Provenance.COPY, project, profile, "file:acme.dump",
                "acme.dump", backupTime, 1234L, Instant.now().toString(), false, null, "pg_restore", "15.18");
    }

    /** A database with the given name and comment (null: none), made by hand, not by dbrestore. */
    static String database(String name, String comment) {
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            if (comment != null) {
                admin.comment(name, comment);
            }
        }
        return name;
    }

    static Settings settings(PruneSpec prune, String envFile, List<String> cache) {
        return new Settings(Pipelines.target(), null, null, envFile, prune, null, cache, null, "pg_restore", null, null,
                null, null);
    }

    static ConfigFile config(Path dir, String project, Settings settings, String profile) {
        return Pipelines.config(dir, project, settings, Pipelines.fileProfile(profile, Fixtures.acme("acme-pg15.dump")));
    }

    /** Options with an environment and -D properties of the test's choosing. */
    static RunOptions options(ConfigFile config, Map<String, String> environment, Map<String, String> properties) {
        RunOptions o = RunOptions.of(config.file());
        return new RunOptions(o.configFile(), o.profile(), o.database(), o.onExists(), o.backup(), o.sanitize(),
                o.dryRun(), o.keep(), o.olderThan(), o.jobs(), o.engine(), o.pgBin(), o.cache(), o.cacheDir(),
                o.cacheMaxSize(), o.force(),
                o.interactive(), o.reportDir(), properties, environment);
    }

    /** {@code -Ddbrestore.cache=...} */
    static RunOptions withCache(RunOptions o, Boolean cache) {
        return new RunOptions(o.configFile(), o.profile(), o.database(), o.onExists(), o.backup(), o.sanitize(),
                o.dryRun(), o.keep(), o.olderThan(), o.jobs(), o.engine(), o.pgBin(), cache, o.cacheDir(),
                o.cacheMaxSize(), o.force(),
                o.interactive(), o.reportDir(), o.properties(), o.environment());
    }

    /** The restored data of {@code database}: object -> "rows md5", per the fixture's checksums.sql. */
    static Map<String, String> checksums(String database) throws SQLException {
        try (Connection c = PgAdmin.open(TestPg.server(), database)) {
            return Fixtures.acmeChecksums(c);
        }
    }

    /** The template-cache databases of {@code project}. */
    static List<CopyCatalog.Copy> templates(String project) {
        try (PgAdmin admin = TestPg.admin()) {
            return CopyCatalog.templates(admin, null).stream().filter(t -> project.equals(t.provenance().project())).toList();
        }
    }

    static Provenance provenanceOf(String database) {
        try (PgAdmin admin = TestPg.admin()) {
            return Provenance.parse(admin.comment(database)).orElseThrow();
        }
    }

    static ConnectionResolver connections(Path dir) {
        return new ConnectionResolver(Map.of(), dir);
    }
}
