package dev.dbrestore.mojo;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.UseCases;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.Durations;
import dev.dbrestore.config.Interpolator;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What every goal shares: the parameters of DESIGN.md, the rule that a {@code -D} on the command
 * line beats the pom's {@code <configuration>}, the skip flag, and the single place where core
 * exceptions become Maven's: {@link UserError} → {@link MojoFailureException}, anything else →
 * {@link MojoExecutionException}.
 */
public abstract class AbstractDbRestoreMojo extends AbstractMojo {

    /** Profile name in the YAML file (also {@code -Ddbrestore.profile}). Default: the file's defaultProfile. */
    @Parameter(property = "profile")
    protected String profile;

    /** The YAML file with the restore profiles. */
    @Parameter(property = "dbrestore.config", defaultValue = "${project.basedir}/restore-profiles.yml")
    protected File config;

    /** Explicit target database name, overriding the naming pattern. */
    @Parameter(property = "dbrestore.database")
    protected String database;

    /** fail | overwrite | prompt | suffix. Default: prompt when interactive, fail in batch mode. */
    @Parameter(property = "dbrestore.onExists")
    protected String onExists;

    /** A specific backup id or key instead of the newest. */
    @Parameter(property = "dbrestore.backup")
    protected String backup;

    /** false skips sanitization (refused for a sensitive profile). */
    @Parameter(property = "dbrestore.sanitize")
    protected Boolean sanitize;

    /** Print the plan and change nothing. */
    @Parameter(property = "dbrestore.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /** Skip the goal. */
    @Parameter(property = "dbrestore.skip", defaultValue = "false")
    protected boolean skip;

    /** Prune policy override: keep the newest N copies. */
    @Parameter(property = "dbrestore.keep")
    protected Integer keep;

    /** Prune policy override: drop copies older than this (30d, 12h). */
    @Parameter(property = "dbrestore.olderThan")
    protected String olderThan;

    /** Parallel connections for the restore. Default: CPUs, at most 4. */
    @Parameter(property = "dbrestore.jobs")
    protected Integer jobs;

    /** auto | native | pg_restore. */
    @Parameter(property = "dbrestore.engine")
    protected String engine;

    /** Folder of the PostgreSQL client binaries (pg_restore, psql). */
    @Parameter(property = "dbrestore.pgBin")
    protected File pgBin;

    /** false bypasses the template and download caches. */
    @Parameter(property = "dbrestore.cache")
    protected Boolean cache;

    /** prune: also drop copies with open connections. */
    @Parameter(property = "dbrestore.force", defaultValue = "false")
    protected boolean force;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    protected Progress progress;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (cli("dbrestore.skip", skip)) {
            getLog().info("Skipping dbrestore:" + goal() + " (dbrestore.skip=true)");
            return;
        }
        progress = new MavenProgress(getLog(), interactive());
        try {
            run(options());
        } catch (UserError e) {
            getLog().debug(e);
            throw new MojoFailureException(Redactor.redact(e.getMessage()));
        } catch (DbRestoreException e) {
            getLog().debug(e);
            throw new MojoExecutionException(Redactor.redact(e.getMessage()));
        } catch (RuntimeException e) {
            getLog().debug(e);
            throw new MojoExecutionException("dbrestore:" + goal() + " failed unexpectedly: "
                    + Redactor.redact(String.valueOf(e.getMessage())) + " (run with -X for details)");
        }
    }

    /** The goal's name, for log lines. */
    protected abstract String goal();

    /** The goal's work, given the options after the command line had the last word. */
    protected abstract void run(RunOptions options) throws MojoExecutionException, MojoFailureException;

    /**
     * Runs {@code work} with a report that is written to report.json at the start (outcome
     * "running", so an interrupted run never leaves the previous run's outcome) and again at the end.
     */
    protected void withReport(RunOptions options, java.util.function.Consumer<RunReport> work) {
        RunReport report = new RunReport(goal(), options.profile());
        useCases(options).writeReport(report);
        try {
            work.accept(report);
        } catch (RuntimeException e) {
            report.finish("failed", e.getMessage());
            throw e;
        } finally {
            useCases(options).writeReport(report);
        }
    }

    /** The use cases, wired to this build: its log, its settings.xml credentials, its prompter. */
    protected UseCases useCases(RunOptions options) {
        return new UseCases(options, progress, credentials(), prompter());
    }

    /** settings.xml servers, for the goals that read a remote source. */
    protected Credentials credentials() {
        return Credentials.NONE;
    }

    /** Who answers {@code onExists: prompt}; goals that never ask answer no. */
    protected Prompter prompter() {
        return Prompter.NEVER;
    }

    /** Loads and validates the YAML file named by the options. */
    protected ConfigFile loadConfig(RunOptions options) {
        return ConfigLoader.load(options.configFile(), new Interpolator(options.properties(), options.environment()));
    }

    /** The options of this execution; the command line beats the pom (Maven alone would let the pom win). */
    RunOptions options() {
        String profileName = cli("profile", cli("dbrestore.profile", profile));
        String onExistsText = cli("dbrestore.onExists", onExists);
        String olderThanText = cli("dbrestore.olderThan", olderThan);
        File pgBinFile = pgBin;
        String pgBinCli = userProperty("dbrestore.pgBin");
        if (pgBinCli != null) {
            pgBinFile = new File(pgBinCli);
        }
        File configFile = config;
        String configCli = userProperty("dbrestore.config");
        if (configCli != null) {
            configFile = new File(configCli);
        }
        if (configFile == null || configFile.getPath().contains("${")) {
            // without a pom Maven leaves ${project.basedir} unresolved: use the folder Maven runs in
            configFile = new File(executionRoot(), "restore-profiles.yml");
        }
        return new RunOptions(
                configFile.toPath().toAbsolutePath(),
                profileName,
                cli("dbrestore.database", database),
                onExistsText == null ? null : OnExists.parse(onExistsText),
                cli("dbrestore.backup", backup),
                cliBoolean("dbrestore.sanitize", sanitize),
                cli("dbrestore.dryRun", dryRun),
                cliInteger("dbrestore.keep", keep),
                olderThanText == null ? null : Durations.require(olderThanText, "-Ddbrestore.olderThan"),
                cliInteger("dbrestore.jobs", jobs),
                cli("dbrestore.engine", engine),
                pgBinFile == null ? null : pgBinFile.toPath(),
                cliBoolean("dbrestore.cache", cache),
                cli("dbrestore.force", force),
                interactive(),
                reportDir(),
                properties(),
                System.getenv());
    }

    private File executionRoot() {
        if (session != null && session.getRequest() != null && session.getRequest().getBaseDirectory() != null) {
            return new File(session.getRequest().getBaseDirectory());
        }
        return new File(System.getProperty("user.dir"));
    }

    private boolean interactive() {
        return settings != null ? settings.isInteractiveMode() : session != null && session.getRequest().isInteractiveMode();
    }

    private Path reportDir() {
        if (project != null && project.getFile() != null) {
            return Path.of(project.getBuild().getDirectory(), "dbrestore");
        }
        return executionRoot().toPath().resolve(".dbrestore").toAbsolutePath();
    }

    private Map<String, String> properties() {
        Map<String, String> props = new HashMap<>();
        putAll(props, System.getProperties());
        if (project != null) {
            putAll(props, project.getProperties());
            if (project.getBasedir() != null) {
                props.put("project.basedir", project.getBasedir().getAbsolutePath());
                props.put("basedir", project.getBasedir().getAbsolutePath());
            }
        }
        if (session != null) {
            putAll(props, session.getSystemProperties());
            putAll(props, session.getUserProperties());
        }
        return props;
    }

    private static void putAll(Map<String, String> target, Properties source) {
        if (source != null) {
            source.stringPropertyNames().forEach(k -> target.put(k, source.getProperty(k)));
        }
    }

    private String userProperty(String name) {
        if (session == null || session.getUserProperties() == null) {
            return null;
        }
        String v = session.getUserProperties().getProperty(name);
        return v == null || v.isBlank() ? null : v;
    }

    private String cli(String name, String pomValue) {
        String v = userProperty(name);
        return v != null ? v : pomValue;
    }

    private boolean cli(String name, boolean pomValue) {
        String v = userProperty(name);
        return v != null ? (v.isEmpty() || Boolean.parseBoolean(v)) : pomValue;
    }

    private Boolean cliBoolean(String name, Boolean pomValue) {
        String v = userProperty(name);
        return v != null ? Boolean.valueOf(v) : pomValue;
    }

    private Integer cliInteger(String name, Integer pomValue) {
        String v = userProperty(name);
        if (v == null) {
            return pomValue;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("-D" + name + " must be a whole number, got '" + v + "'");
        }
    }
}
