package dev.dbrestore.faults;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.UseCases;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.Interpolator;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code mvn dbrestore:restore -Ddbrestore.onExists=overwrite} in a process of its own, wired as the
 * restore goal wires it ({@link UseCases}, the YAML loaded and interpolated from the environment,
 * report.json written whatever the outcome, one ERROR line and exit code 1 on failure), so that a
 * test can kill it. Arguments: working folder (holding restore-profiles.yml), target database, and
 * optionally a log text to stop at: when a log line contains it, the child prints {@code PAUSED}
 * and waits until the file {@code resume} appears in the working folder (the only test hook: it
 * lives in the log, not in the code under test).
 */
public final class FaultChildMain {
    private FaultChildMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String database = args[1];
        String pauseOn = args.length > 2 ? args[2] : null;
        Map<String, String> env = Map.of("FAULTS_PG_PASSWORD", System.getenv("FAULTS_PG_PASSWORD"),
                "FAULTS_TOKEN", System.getenv().getOrDefault("FAULTS_TOKEN", "none"));
        Progress progress = new PausingProgress(System.out, pauseOn, dir.resolve("resume"));
        Path yml = dir.resolve("restore-profiles.yml");
        RunOptions options = RunOptions.of(yml).withDatabase(database).withOnExists(OnExists.OVERWRITE)
                .withReportDir(dir.resolve("report")).withCacheDir(dir.resolve("cache")).withEnvironment(env);
        UseCases useCases = new UseCases(options, progress, Credentials.NONE, Prompter.NEVER);
        RunReport report = new RunReport("restore", null);
        int exit = 0;
        try {
            ConfigFile config = ConfigLoader.load(yml, new Interpolator(options.properties(), env));
            useCases.restore(config).run(config, options, report);
            System.out.println("FINISHED");
        } catch (DbRestoreException e) {
            report.finish("failed", e.getMessage());
            System.out.println("ERROR " + Redactor.redact(e.getMessage()));
            exit = 1;
        } catch (RuntimeException | Error e) {
            report.finish("failed", e.getMessage());
            System.out.println("ERROR dbrestore:restore failed unexpectedly: " + Redactor.redact(String.valueOf(e.getMessage())));
            exit = 2;
        } finally {
            useCases.writeReport(report);
        }
        System.out.flush();
        System.exit(exit);
    }

    /** Prints what the Maven log would show; stops at the line containing {@code pauseOn} until {@code resume} exists. */
    static final class PausingProgress implements Progress {
        private final java.io.PrintStream out;
        private final String pauseOn;
        private final Path resume;

        PausingProgress(java.io.PrintStream out, String pauseOn, Path resume) {
            this.out = out;
            this.pauseOn = pauseOn;
            this.resume = resume;
        }

        @Override
        public void info(String message) {
            line("[INFO] ", message);
        }

        @Override
        public void warn(String message) {
            line("[WARNING] ", message);
        }

        @Override
        public void debug(String message) {
        }

        private void line(String level, String message) {
            out.println(level + Redactor.redact(message));
            out.flush();
            if (pauseOn != null && message.contains(pauseOn)) {
                out.println("PAUSED");
                out.flush();
                while (!Files.exists(resume)) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
