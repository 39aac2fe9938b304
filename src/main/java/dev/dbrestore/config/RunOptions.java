package dev.dbrestore.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The flat options a goal runs with: the Mojo parameters after the command line has been given
 * the last word. A null field means "not given": the YAML (or a built-in default) decides.
 *
 * @param configFile  the restore-profiles.yml
 * @param reportDir   where report.json goes ({@code target/dbrestore} or {@code .dbrestore})
 * @param interactive Maven runs interactively (not {@code -B}): {@code onExists} defaults to prompt
 * @param cacheDir     the download cache's folder; null: {@code ~/.cache/dbrestore}
 * @param cacheMaxSize the download cache's cap in bytes; null: 10 GB
 * @param properties  Maven project + session properties, for {@code ${name}} interpolation
 */
public record RunOptions(
        Path configFile,
        String profile,
        String database,
        OnExists onExists,
        String backup,
        Boolean sanitize,
        boolean dryRun,
        Integer keep,
        Duration olderThan,
        Integer jobs,
        String engine,
        Path pgBin,
        Boolean cache,
        Path cacheDir,
        Long cacheMaxSize,
        boolean force,
        boolean interactive,
        Path reportDir,
        Map<String, String> properties,
        Map<String, String> environment) {

    public static RunOptions of(Path configFile) {
        return new RunOptions(configFile, null, null, null, null, null, false, null, null, null, null, null, null,
                null, null, false, false, null, Map.of(), Map.of());
    }

    public RunOptions withProfile(String value) {
        return new RunOptions(configFile, value, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withDatabase(String value) {
        return new RunOptions(configFile, profile, value, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withOnExists(OnExists value) {
        return new RunOptions(configFile, profile, database, value, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withDryRun(boolean value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, value, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withSanitize(Boolean value) {
        return new RunOptions(configFile, profile, database, onExists, backup, value, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withEngine(String value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                value, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withReportDir(Path value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, value, properties, environment);
    }

    public RunOptions withEnvironment(Map<String, String> value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, value);
    }

    public RunOptions withPrune(Integer keepValue, Duration olderThanValue) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keepValue,
                olderThanValue, jobs, engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir,
                properties, environment);
    }

    public RunOptions withCacheDir(Path value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, value, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withBackup(String value) {
        return new RunOptions(configFile, profile, database, onExists, value, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withPgBin(Path value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, value, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    public RunOptions withForce(boolean value) {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, value, interactive, reportDir, properties, environment);
    }

    /** Jobs for parallel restore: the given value, else the number of CPUs, at most 4. */
    public int effectiveJobs() {
        return jobs != null && jobs > 0 ? jobs : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    public List<String> describeOverrides() {
        return List.of();
    }
}
