package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;

import java.nio.file.Path;

/**
 * One restore in a JVM of its own, so that a test can bound its heap ({@code -Xmx}): arguments
 * engine, dump file, target database, working folder. Exits 0 when the restore succeeded.
 */
public final class RestoreMain {
    private RestoreMain() {
    }

    public static void main(String[] args) {
        String engine = args[0];
        Path dump = Path.of(args[1]);
        String database = args[2];
        Path dir = Path.of(args[3]);
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, engine), Pipelines.fileProfile("local", dump));
        Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(database), new RunReport("restore", null));
        System.out.println("restored " + database);
    }
}
