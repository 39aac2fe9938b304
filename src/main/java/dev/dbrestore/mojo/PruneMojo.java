package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;


/**
 * Drops the databases this plugin restored for a profile beyond its retention policy
 * ({@code prune: { keep: 3 }} / {@code olderThan: 30d}, or {@code -Ddbrestore.keep} /
 * {@code -Ddbrestore.olderThan}), all but the newest template-cache database, and leftovers of
 * crashed runs; trims the download cache. Never drops a database without dbrestore's provenance
 * comment, the one {@code DATABASE_URL} or the {@code envFile} points at, or one with open
 * connections (unless {@code -Ddbrestore.force=true}). {@code -Ddbrestore.database=NAME} drops
 * exactly that copy, so a build can bind {@code restore} to {@code pre-integration-test} and this
 * to {@code post-integration-test}. {@code -Ddbrestore.dryRun=true} lists what would be dropped.
 */
@Mojo(name = "prune", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class PruneMojo extends AbstractRetentionMojo {

    /** Also drop copies with open connections (terminating them). */
    @Parameter(property = "dbrestore.force", defaultValue = "false")
    protected boolean force;

    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        options.force = cli.pick("dbrestore.force", force, CommandLineWins.BOOLEAN);
    }

    @Override
    protected String goal() {
        return "prune";
    }

    @Override
    protected void run(RunOptions options) {
        ConfigFile config = loadConfig(options);
        useCases(options).prune().run(config, options, null);
    }
}
