package dev.dbrestore.mojo;

import dev.dbrestore.config.Durations;
import dev.dbrestore.lifecycle.DownloadCache;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * The goals that prune copies and use the caches: prune (it trims the download cache and drops
 * template-cache databases) and restore (it reads and fills both caches, and its {@code autoPrune}
 * runs prune's policy). Each declares its own {@code keep} and {@code olderThan}, so that
 * {@code help} tells each goal what they do there.
 */
public abstract class AbstractRetentionMojo extends AbstractCopyMojo {

    /**
     * false bypasses the template and download caches: restore neither reads nor fills them, prune
     * leaves the download cache alone. Default: the YAML's cache: list.
     */
    @Parameter(property = "dbrestore.cache")
    protected Boolean cache;

    /**
     * Folder of the download cache (restore reads and fills it, prune trims it; also where an offline
     * run, mvn -o, finds its backups). Default: ~/.cache/dbrestore.
     */
    @Parameter(property = "dbrestore.cacheDir")
    protected File cacheDir;

    /**
     * Cap of the download cache's total size, e.g. 20g or 500m; least recently used dumps go first
     * (restore trims to it after adding a dump, prune trims to it). Default: 10g.
     */
    @Parameter(property = "dbrestore.cacheMaxSize")
    protected String cacheMaxSize;

    /** The retention overrides {@code keep} and {@code olderThan}, declared by each goal with its own description. */
    static void addRetention(GoalOptions options, CommandLineWins cli, Integer keep, String olderThan) {
        options.keep = cli.pick("dbrestore.keep", keep, CommandLineWins.WHOLE_NUMBER);
        options.olderThan = cli.pickParsed("dbrestore.olderThan", olderThan,
                text -> Durations.require(text, "-Ddbrestore.olderThan"));
    }

    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        options.cache = cli.pick("dbrestore.cache", cache, CommandLineWins.BOOLEAN);
        options.cacheDir = GoalOptions.path(cli.pick("dbrestore.cacheDir", cacheDir, CommandLineWins.FILE));
        options.cacheMaxSize = cli.pickParsed("dbrestore.cacheMaxSize", cacheMaxSize, DownloadCache::parseSize);
    }
}
