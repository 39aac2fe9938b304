package dev.dbrestore.mojo;

import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The options of one execution, filled level by level: the base goal sets what every goal has,
 * each subclass adds its own parameters. What a goal does not declare stays unset (null or
 * false): the YAML or a built-in default decides, as {@link RunOptions} says.
 */
final class GoalOptions {
    Path configFile;
    String profile;
    String database;
    OnExists onExists;
    String backup;
    Boolean sanitize;
    boolean dryRun;
    Integer keep;
    Duration olderThan;
    Integer jobs;
    String engine;
    Path pgBin;
    Boolean cache;
    Path cacheDir;
    Long cacheMaxSize;
    boolean force;
    boolean interactive;
    Path reportDir;
    Map<String, String> properties = Map.of();
    Map<String, String> environment = Map.of();

    RunOptions toRunOptions() {
        return new RunOptions(configFile, profile, database, onExists, backup, sanitize, dryRun, keep, olderThan, jobs,
                engine, pgBin, cache, cacheDir, cacheMaxSize, force, interactive, reportDir, properties, environment);
    }

    static Path path(java.io.File file) {
        return file == null ? null : file.toPath();
    }
}
