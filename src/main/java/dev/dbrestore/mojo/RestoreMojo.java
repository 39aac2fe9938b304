package dev.dbrestore.mojo;

import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.StarterFile;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.components.interactivity.Prompter;

import javax.inject.Inject;
import java.io.File;

/**
 * Restores the newest backup of a profile's source into a new, provenance-named database:
 * staging database, restore, sanitize, verify, rename. Sets {@code dbrestore.restoredDatabase},
 * {@code dbrestore.url}, {@code dbrestore.jdbcUrl}, {@code dbrestore.user} (and for {@code target: embedded}
 * {@code dbrestore.password}) for later plugins of
 * the build (names no goal reads as a parameter), and tells {@code prune -Ddbrestore.thisBuild=true}
 * which copy this build made.
 */
@Mojo(name = "restore", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class RestoreMojo extends AbstractRetentionMojo {

    /** fail | overwrite | prompt | suffix. Default: prompt when interactive, fail in batch mode. */
    @Parameter(property = "dbrestore.onExists")
    protected String onExists;

    /** A specific backup id or key instead of the newest. */
    @Parameter(property = "dbrestore.backup")
    protected String backup;

    /** false skips sanitization (refused for a sensitive profile). */
    @Parameter(property = "dbrestore.sanitize")
    protected Boolean sanitize;

    /** Parallel connections for the restore. Default: CPUs, at most 4. */
    @Parameter(property = "dbrestore.jobs")
    protected Integer jobs;

    /** auto | native | pg_restore. */
    @Parameter(property = "dbrestore.engine")
    protected String engine;

    /** Folder of the PostgreSQL client binaries (pg_restore, psql). */
    @Parameter(property = "dbrestore.pgBin")
    protected File pgBin;

    /**
     * Only with autoPrune: true in the YAML: after this restore, autoPrune keeps the newest N copies of the
     * profile (it overrides prune.keep, as -Ddbrestore.keep does for the prune goal; the new copy is never
     * dropped). Without autoPrune it does nothing here and the restore warns.
     */
    @Parameter(property = "dbrestore.keep")
    protected Integer keep;

    /**
     * Only with autoPrune: true in the YAML: after this restore, autoPrune drops copies whose backup is
     * older than this, e.g. 30d or 12h (it overrides prune.olderThan). Without autoPrune it does nothing
     * here and the restore warns.
     */
    @Parameter(property = "dbrestore.olderThan")
    protected String olderThan;

    /** onExists overwrite: also replace a database that dbrestore did not make (no provenance comment). */
    @Parameter(property = "dbrestore.force", defaultValue = "false")
    protected boolean force;

    /**
     * A one-off restore of this dump file (or glob) that needs no restore-profiles.yml: project from the
     * pom's artifactId (or the folder's name), profile "local", the default naming and libpq's connection.
     */
    @Parameter(property = "dbrestore.file")
    protected String file;

    private final Prompter prompter;

    @Inject
    public RestoreMojo(Prompter prompter) {
        this.prompter = prompter;
    }

    @Override
    void addOptions(GoalOptions options, CommandLineWins cli) {
        super.addOptions(options, cli);
        addRetention(options, cli, keep, olderThan);
        options.onExists = cli.pickParsed("dbrestore.onExists", onExists, OnExists::parse);
        options.backup = cli.pick("dbrestore.backup", backup, CommandLineWins.TEXT);
        options.sanitize = cli.pick("dbrestore.sanitize", sanitize, CommandLineWins.BOOLEAN);
        options.jobs = cli.pick("dbrestore.jobs", jobs, CommandLineWins.WHOLE_NUMBER);
        options.engine = cli.pick("dbrestore.engine", engine, CommandLineWins.TEXT);
        options.pgBin = GoalOptions.path(cli.pick("dbrestore.pgBin", pgBin, CommandLineWins.FILE));
        options.force = cli.pick("dbrestore.force", force, CommandLineWins.BOOLEAN);
    }

    @Override
    protected dev.dbrestore.app.Prompter prompter() {
        return new MavenPrompter(prompter);
    }

    @Override
    protected String goal() {
        return "restore";
    }

    @Override
    protected void run(RunOptions options) {
        String oneOff = CommandLineWins.of(session).pick("dbrestore.file", file, CommandLineWins.TEXT);
        if (oneOff != null && !oneOff.isBlank()) {
            RunOptions forFile = options.withProfile(StarterFile.FILE_PROFILE);
            getLog().info("One-off restore of " + oneOff + " (-Ddbrestore.file: no restore-profiles.yml is read)");
            restore(forFile, () -> ConfigLoader.load(StarterFile.forFile(
                    StarterFile.projectName(artifactId(), options.configFile().getParent()), oneOff),
                    "-Ddbrestore.file", options.configFile().getParent(), interpolator(forFile)));
            return;
        }
        restore(options, () -> loadConfig(options));
    }

    private void restore(RunOptions options, java.util.function.Supplier<ConfigFile> configFile) {
        withReport(options, report -> {
            ConfigFile config = configFile.get();
            RestoreResult result = useCases(options).restore(config).run(config, options, report);
            if (!result.dryRun()) {
                ExportedProperties.export(project, config.profile(options.profile()).name(), result);
                getLog().info("export DATABASE_URL=" + result.url());
            }
        });
    }
}
