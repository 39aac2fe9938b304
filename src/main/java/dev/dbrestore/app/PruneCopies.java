package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.DownloadCache;
import dev.dbrestore.lifecycle.ProtectedDatabases;
import dev.dbrestore.lifecycle.PruneTable;
import dev.dbrestore.lifecycle.Pruner;
import dev.dbrestore.lifecycle.RetentionPolicy;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Progress;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code prune} goal, and {@code autoPrune} after a restore: work out what the profile's
 * retention policy and the command line ask for, protect the databases that must never go (the
 * one {@code DATABASE_URL} or the {@code envFile} points at, the copy just restored), prune on
 * the profile's server, and log what was dropped and kept. The rules themselves are
 * {@link Pruner}'s.
 */
public final class PruneCopies {
    private final ConnectionResolver connections;
    private final Progress log;
    private final Clock clock;

    public PruneCopies(ConnectionResolver connections, Progress log, Clock clock) {
        this.connections = connections;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Prunes the profile the options name.
     *
     * @param justRestored the copy a restore has just made (autoPrune), never dropped; null otherwise
     */
    public Pruner.Result run(ConfigFile config, RunOptions options, String justRestored) {
        return run(config, options, justRestored, null);
    }

    /**
     * Prunes the profile the options name and adds what it did to {@code report}'s {@code prune}
     * list (the prune goal's report, or restore's for autoPrune).
     *
     * @param report null: no report
     */
    public Pruner.Result run(ConfigFile config, RunOptions options, String justRestored, RunReport report) {
        return run(config, options, justRestored, "named by -Ddbrestore.database", report);
    }

    /**
     * Drops exactly the copy a restore earlier in this build made ({@code prune} with {@code thisBuild}):
     * the options name its profile and database.
     */
    public Pruner.Result runRestoredThisBuild(ConfigFile config, RunOptions options, RunReport report) {
        return run(config, options, null, "restored by this build", report);
    }

    private Pruner.Result run(ConfigFile config, RunOptions options, String justRestored, String why, RunReport report) {
        Profile profile = config.profile(options.profile());
        Settings settings = config.effectiveSettings(profile);
        Pruner.Request request = new Pruner.Request(config.project(), profile.name(),
                RetentionPolicy.of(settings.prune(), options), protectedDatabases(config, settings, options, justRestored),
                blankToNull(options.database()), options.force(), options.dryRun(), downloadCache(settings, options), why);
        ConnectionSettings server = connections.resolve(settings.target());
        try (PgAdmin admin = PgAdmin.connect(server)) {
            log.info("Pruning profile " + profile.name() + " on " + server
                    + (request.database() != null ? ": only " + request.database() : ", retention: " + request.policy().describe())
                    + (request.dryRun() ? " (dry run: nothing is dropped)" : ""));
            Pruner.Result result = new Pruner(log, clock).prune(admin, request);
            PruneTable.render(result).forEach(log::info);
            if (report != null) {
                report.prune.add(describe(profile.name(), server, request, result));
            }
            return result;
        }
    }

    /** report.json's account of one prune (README "report.json"): its own shape, not the Pruner's records. */
    private static Map<String, Object> describe(String profile, ConnectionSettings server, Pruner.Request request,
                                                Pruner.Result result) {
        return RunReport.map(
                "profile", profile,
                "server", server.toString(),
                "database", request.database(),
                "retention", request.database() == null ? request.policy().describe() : null,
                "dryRun", result.dryRun(),
                "databases", result.rows().stream().map(r -> RunReport.map(
                        "database", r.database(), "kind", r.kind(), "backupTime", r.backupTime(),
                        "sizeBytes", r.sizeBytes(), "action", r.action().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        "reason", r.reason())).toList(),
                "freedBytes", result.freedBytes(),
                "downloadCache", result.cacheTrim() == null ? null : RunReport.map(
                        "removed", result.cacheTrim().removed(), "freedBytes", result.cacheTrim().freedBytes()));
    }

    private static ProtectedDatabases protectedDatabases(ConfigFile config, Settings settings, RunOptions options,
                                                         String justRestored) {
        Path envFile = settings.envFile() == null || settings.envFile().isBlank() ? null
                : config.baseDir().resolve(settings.envFile());
        ProtectedDatabases protect = ProtectedDatabases.of(options.environment(), envFile);
        if (justRestored != null) {
            protect.add(justRestored, "just restored");
        }
        return protect;
    }

    /** The download cache to trim, when the profile uses one and the command line does not bypass it. */
    private static DownloadCache downloadCache(Settings settings, RunOptions options) {
        boolean used = settings.cache() != null && settings.cache().contains("download")
                && !Boolean.FALSE.equals(options.cache());
        return used ? DownloadCache.of(options) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
