package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * For a trusted scheduled job: restores a profile's backup into a scratch database, sanitizes and
 * verifies it, and uploads {@code pg_dump -Fc} of the result with a manifest to the profile's
 * {@code publish:} destination (S3 or a folder), so developers restore sanitized dumps only.
 */
@Mojo(name = "publish", requiresProject = false, threadSafe = true)
public class PublishMojo extends AbstractServerMojo {

    /** A specific backup id or key instead of the newest. */
    @Parameter(property = "dbrestore.backup")
    protected String backup;

    /** Parallel connections for the restore into the scratch database. Default: CPUs, at most 4. */
    @Parameter(property = "dbrestore.jobs")
    protected Integer jobs;

    /** auto | native | pg_restore. */
    @Parameter(property = "dbrestore.engine")
    protected String engine;

    /** Folder of the PostgreSQL client binaries (pg_dump, pg_restore, psql). */
    @Parameter(property = "dbrestore.pgBin")
    protected File pgBin;

    /** Publish again although the same backup with the same sanitization is published already. */
    @Parameter(property = "dbrestore.force", defaultValue = "false")
    protected boolean force;

    /** Print the plan and change nothing. */
    @Parameter(property = "dbrestore.dryRun", defaultValue = "false")
    protected boolean dryRun;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    protected String pluginVersion;


    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        options.backup = cli.pick("dbrestore.backup", backup, CommandLineWins.TEXT);
        options.jobs = cli.pick("dbrestore.jobs", jobs, CommandLineWins.WHOLE_NUMBER);
        options.engine = cli.pick("dbrestore.engine", engine, CommandLineWins.TEXT);
        options.pgBin = GoalOptions.path(cli.pick("dbrestore.pgBin", pgBin, CommandLineWins.FILE));
        options.force = cli.pick("dbrestore.force", force, CommandLineWins.BOOLEAN);
        options.dryRun = cli.pick("dbrestore.dryRun", dryRun, CommandLineWins.BOOLEAN);
    }

    @Override
    protected String goal() {
        return "publish";
    }

    @Override
    protected void run(RunOptions options) {
        withReport(options, report -> {
            ConfigFile config = loadConfig(options);
            useCases(options).publish(config, pluginVersion).run(config, options, report);
        });
    }
}
