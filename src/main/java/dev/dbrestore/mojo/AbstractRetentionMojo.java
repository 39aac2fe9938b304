package dev.dbrestore.mojo;

import dev.dbrestore.config.Durations;
import dev.dbrestore.lifecycle.DownloadCache;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * The goals that prune copies and use the caches: prune, and restore (its {@code autoPrune} runs
 * prune's policy, and it reads and fills the caches).
 */
public abstract class AbstractRetentionMojo extends AbstractCopyMojo {

    /** Retention override: keep the newest N copies of the profile (restore: for autoPrune). */
    @Parameter(property = "dbrestore.keep")
    protected Integer keep;

    /** Retention override: drop copies whose backup is older than this, e.g. 30d or 12h (restore: for autoPrune). */
    @Parameter(property = "dbrestore.olderThan")
    protected String olderThan;

    /** false bypasses the template and download caches (prune then leaves the download cache alone). */
    @Parameter(property = "dbrestore.cache")
    protected Boolean cache;

    /** Folder of the download cache. Default: ~/.cache/dbrestore. */
    @Parameter(property = "dbrestore.cacheDir")
    protected File cacheDir;

    /** Cap of the download cache's total size, e.g. 20g or 500m; least recently used dumps go first. Default: 10g. */
    @Parameter(property = "dbrestore.cacheMaxSize")
    protected String cacheMaxSize;

    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        options.keep = cli.pick("dbrestore.keep", keep, CommandLineWins.WHOLE_NUMBER);
        options.olderThan = cli.pickParsed("dbrestore.olderThan", olderThan,
                text -> Durations.require(text, "-Ddbrestore.olderThan"));
        options.cache = cli.pick("dbrestore.cache", cache, CommandLineWins.BOOLEAN);
        options.cacheDir = GoalOptions.path(cli.pick("dbrestore.cacheDir", cacheDir, CommandLineWins.FILE));
        options.cacheMaxSize = cli.pickParsed("dbrestore.cacheMaxSize", cacheMaxSize, DownloadCache::parseSize);
    }
}
