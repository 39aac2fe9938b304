package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import dev.dbrestore.support.UserError;

import java.util.List;


/**
 * Drops the databases this plugin restored for a profile beyond its retention policy
 * ({@code prune: { keep: 3 }} / {@code olderThan: 30d}, or {@code -Ddbrestore.keep} /
 * {@code -Ddbrestore.olderThan}), all but the newest template-cache database, and leftovers of
 * crashed runs; trims the download cache. Never drops a database without dbrestore's provenance
 * comment, the one {@code DATABASE_URL} or the {@code envFile} points at, or one with open
 * connections (unless {@code -Ddbrestore.force=true}). {@code -Ddbrestore.database=NAME} drops
 * exactly that copy. {@code <thisBuild>true</thisBuild>} drops exactly the copies {@code restore}
 * made earlier in the same build and nothing else, so a build can bind {@code restore} to
 * {@code pre-integration-test} and this to {@code post-integration-test} (which Maven runs before
 * failsafe's {@code verify} fails the build). {@code -Ddbrestore.dryRun=true} lists what would be dropped.
 */
@Mojo(name = "prune", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class PruneMojo extends AbstractRetentionMojo {

    /** Retention override: keep the newest N copies of the profile. Default: the YAML's prune.keep. */
    @Parameter(property = "dbrestore.keep")
    protected Integer keep;

    /** Retention override: drop copies whose backup is older than this, e.g. 30d or 12h. Default: the YAML's prune.olderThan. */
    @Parameter(property = "dbrestore.olderThan")
    protected String olderThan;

    /** Also drop copies with open connections (terminating them). */
    @Parameter(property = "dbrestore.force", defaultValue = "false")
    protected boolean force;

    /**
     * Drop exactly the copies {@code restore} made earlier in this build (for
     * {@code post-integration-test}); no retention policy, nothing else. Nothing restored: nothing dropped.
     * Sessions still open on such a copy are ended (it is this build's own), as with {@code force}.
     */
    @Parameter(property = "dbrestore.thisBuild", defaultValue = "false")
    protected boolean thisBuild;

    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        addRetention(options, cli, keep, olderThan);
        options.force = cli.pick("dbrestore.force", force, CommandLineWins.BOOLEAN);
    }

    @Override
    protected String goal() {
        return "prune";
    }

    @Override
    protected void run(RunOptions options) {
        withReport(options, report -> prune(options, report));
    }

    private void prune(RunOptions options, RunReport report) {
        ConfigFile config = loadConfig(options);
        if (!CommandLineWins.of(session).pick("dbrestore.thisBuild", thisBuild, CommandLineWins.BOOLEAN)) {
            useCases(options).prune().run(config, options, null, report);
            return;
        }
        if (options.database() != null && !options.database().isBlank()) {
            throw new UserError("prune takes either thisBuild (the copies this build restored) or database (one named"
                    + " copy), not both: drop <database>" + options.database() + "</database> or <thisBuild>.");
        }
        List<String[]> restored = ExportedProperties.restoredInThisBuild(project);
        if (restored.isEmpty()) {
            getLog().info("No copy was restored earlier in this build: nothing to drop (thisBuild=true).");
            return;
        }
        for (String[] copy : restored) {
            // this build's own copy: a session still open on it (a leaked pool, a forked server) does not keep it
            RunOptions one = options.withProfile(copy[0]).withDatabase(copy[1]).withForce(true);
            useCases(one).prune().runRestoredThisBuild(config, one, report);
        }
    }
}
