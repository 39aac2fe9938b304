package dev.dbrestore.mojo;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.UseCases;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.Interpolator;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.ResultOutput;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Declined;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.RowValues;
import dev.dbrestore.support.UserError;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What every goal shares: the parameters every goal has (profile, config, skip), the rule that a
 * {@code -D} on the command line beats the pom's {@code <configuration>} ({@link CommandLineWins},
 * for every parameter of every goal), and the single place where core exceptions become Maven's:
 * {@link UserError} → {@link MojoFailureException}, anything else → {@link MojoExecutionException}.
 * Parameters only some goals use are declared on those goals ({@link AbstractCopyMojo},
 * {@link AbstractRetentionMojo}, {@link RestoreMojo}, {@link PruneMojo}), so {@code help} shows each
 * goal what it reads.
 */
public abstract class AbstractDbRestoreMojo extends AbstractMojo {

    /** Profile name in the YAML file (also {@code -Ddbrestore.profile}). Default: the file's defaultProfile. */
    @Parameter(property = "profile")
    protected String profile;

    /** The YAML file with the restore profiles. */
    @Parameter(property = "dbrestore.config", defaultValue = "${project.basedir}/restore-profiles.yml")
    protected File config;

    /** Skip the goal. */
    @Parameter(property = "dbrestore.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;


    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    protected Progress progress;

    private SettingsDecrypter decrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        try {
            CommandLineWins cli = CommandLineWins.of(session);
            if (cli.pick("dbrestore.skip", skip, CommandLineWins.BOOLEAN)) {
                getLog().info("Skipping dbrestore:" + goal() + " (dbrestore.skip=true)");
                return;
            }
            progress = new MavenProgress(getLog(), interactive(), printsItsResult() ? System.out : null);
            run(options(cli));
        } catch (Declined e) {
            getLog().info(Redactor.redact(e.getMessage()));
        } catch (UserError e) {
            getLog().debug(RowValues.inCauseChain(e));
            throw new MojoFailureException(Redactor.redact(e.getMessage()));
        } catch (DbRestoreException e) {
            getLog().debug(RowValues.inCauseChain(e));
            throw new MojoExecutionException(Redactor.redact(e.getMessage()));
        } catch (RuntimeException e) {
            getLog().debug(RowValues.inCauseChain(e));
            throw new MojoExecutionException("dbrestore:" + goal() + " failed unexpectedly: "
                    + Redactor.redact(String.valueOf(e.getMessage())) + " (run with -X for details)");
        }
    }

    /**
     * A goal whose output is its result (a table): with {@code mvn -q} it still prints it, to standard
     * output — unless its JSON document goes there (then the table goes to Maven's info log, hidden by {@code -q}).
     */
    protected boolean printsItsResult() {
        ResultOutput output = resultOutput();
        return output != null && !output.documentOnStandardOutput();
    }

    /**
     * Where the goal's document goes ({@code -Ddbrestore.output}, {@code -Ddbrestore.outputFile}); null for the
     * goals that have no document. The goals that have one declare those two parameters and answer with
     * {@link #resultOutput(String, File)}.
     */
    ResultOutput resultOutput() {
        return null;
    }

    /** The goal's document output from its {@code output}/{@code outputFile} parameters, the command line having the last word. */
    final ResultOutput resultOutput(String output, File outputFile) {
        CommandLineWins cli = CommandLineWins.of(session);
        File file = cli.pick("dbrestore.outputFile", outputFile, CommandLineWins.FILE);
        String format = cli.pick("dbrestore.output", output, CommandLineWins.TEXT);
        return ResultOutput.of(format, file == null ? null : file.toPath().toAbsolutePath(), System.out);
    }

    /**
     * Runs the goal with a report.json whose {@code result} is the goal's document, and writes that
     * document where {@code output}/{@code outputFile} say.
     */
    protected void withResult(RunOptions options, java.util.function.Function<RunReport, Object> work) {
        withReport(options, report -> {
            Object document = work.apply(report);
            report.result = document;
            writeResult(document);
        });
    }

    /** Writes the goal's document where {@code output}/{@code outputFile} say; with text, nothing. */
    protected void writeResult(Object document) {
        java.nio.file.Path file = resultOutput().write(document);
        if (file != null) {
            getLog().info("JSON document written to " + file);
        }
    }

    /** The goal's name, for log lines. */
    protected abstract String goal();

    /** The goal's work, given the options after the command line had the last word. */
    protected abstract void run(RunOptions options) throws MojoExecutionException, MojoFailureException;

    /**
     * Runs {@code work} with a report that is written to report.json at the start (outcome
     * "running", so an interrupted run never leaves the previous run's outcome) and again at the end:
     * "succeeded" unless the work set another outcome (dry-run, unchanged), "declined" when the user
     * answered no, "failed" with the message of what stopped it.
     */
    protected void withReport(RunOptions options, java.util.function.Consumer<RunReport> work) {
        RunReport report = new RunReport(goal(), options.profile());
        useCases(options).writeReport(report);
        try {
            work.accept(report);
            if ("running".equals(report.outcome)) {
                report.finish("succeeded", null);
            }
        } catch (Declined e) {
            report.finish("declined", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            report.finish("failed", e.getMessage());
            throw e;
        } finally {
            useCases(options).writeReport(report);
        }
    }

    /** The use cases, wired to this build: its log, its settings.xml credentials, its prompter. */
    protected UseCases useCases(RunOptions options) {
        return new UseCases(options, progress, credentials(), prompter(), offline());
    }

    /** Maven runs offline ({@code -o}, or {@code <offline>} in settings.xml): no network source or destination is contacted. */
    boolean offline() {
        if (session != null && session.getRequest() != null) {
            return session.isOffline();
        }
        return settings != null && settings.isOffline();
    }

    /**
     * settings.xml servers, decrypted as Maven does ({@code mvn --encrypt-password} and
     * settings-security.xml): a remote source's and the target's {@code serverId}.
     */
    protected Credentials credentials() {
        return new SettingsCredentials(settings, decrypter);
    }

    /** Maven's settings decrypter; injected, null where a test builds a goal itself. */
    @Inject
    void setDecrypter(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    /** Who answers {@code onExists: prompt}; goals that never ask answer no. */
    protected Prompter prompter() {
        return Prompter.NEVER;
    }

    /** Loads and validates the YAML file named by the options. */
    protected ConfigFile loadConfig(RunOptions options) {
        return ConfigLoader.load(options.configFile(), interpolator(options));
    }

    /** ${env:…} and ${property} as the options see them. */
    protected Interpolator interpolator(RunOptions options) {
        return new Interpolator(options.properties(), options.environment());
    }

    /** The options of this execution; the command line beats the pom (Maven alone would let the pom win). */
    RunOptions options() {
        return options(CommandLineWins.of(session));
    }

    private RunOptions options(CommandLineWins cli) {
        GoalOptions options = new GoalOptions();
        addOptions(options, cli);
        return options.toRunOptions();
    }

    /**
     * Puts this goal's parameters into {@code options}, each through {@link CommandLineWins#pick}.
     * A class that declares parameters overrides this, calls {@code super} and adds its own.
     */
    void addOptions(GoalOptions options, CommandLineWins cli) {
        options.profile = cli.pick("profile", cli.pick("dbrestore.profile", profile, CommandLineWins.TEXT),
                CommandLineWins.TEXT);
        File configFile = cli.pick("dbrestore.config", config, CommandLineWins.FILE);
        if (configFile == null || configFile.getPath().contains("${")) {
            // without a pom Maven leaves ${project.basedir} unresolved: use the folder Maven runs in
            configFile = new File(executionRoot(), "restore-profiles.yml");
        }
        options.configFile = configFile.toPath().toAbsolutePath();
        options.interactive = interactive();
        options.reportDir = reportDir();
        options.properties = properties();
        options.environment = System.getenv();
    }

    /** The pom's artifactId; null without a pom (Maven's stand-in project has no file). */
    String artifactId() {
        return project == null || project.getFile() == null ? null : project.getArtifactId();
    }

    private File executionRoot() {
        if (session != null && session.getRequest() != null && session.getRequest().getBaseDirectory() != null) {
            return new File(session.getRequest().getBaseDirectory());
        }
        return new File(System.getProperty("user.dir"));
    }

    /**
     * Maven runs interactively (no {@code -B}) and there is somebody to ask: without a console
     * ({@code </dev/null}, a CI step that forgot {@code -B}) a prompt would read an empty answer, so
     * that is batch mode too, with batch mode's messages.
     */
    private boolean interactive() {
        boolean maven;
        if (settings != null) {
            maven = settings.isInteractiveMode();
        } else {
            maven = session != null && session.getRequest() != null && session.getRequest().isInteractiveMode();
        }
        return maven && console.getAsBoolean();
    }

    /** Whether a terminal is attached (System.console() is null when stdin or stdout is not one); tests replace it. */
    java.util.function.BooleanSupplier console = () -> System.console() != null;

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
}
