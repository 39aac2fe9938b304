package dev.dbrestore.mojo;

import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on copies (restore, sanitize, prune): which one, and whether to only show the plan. */
public abstract class AbstractCopyMojo extends AbstractServerMojo {

    /**
     * The copy to act on: restore's target name (instead of the naming pattern), the copy sanitize
     * works on (instead of the profile's newest), the one copy prune drops.
     */
    @Parameter(property = "dbrestore.database")
    protected String database;

    /** Print the plan and change nothing. */
    @Parameter(property = "dbrestore.dryRun", defaultValue = "false")
    protected boolean dryRun;

    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        options.database = cli.pick("dbrestore.database", database, CommandLineWins.TEXT);
        options.dryRun = cli.pick("dbrestore.dryRun", dryRun, CommandLineWins.BOOLEAN);
    }
}
