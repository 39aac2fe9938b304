package dev.dbrestore.lifecycle;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.testing.Pipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A restore in a process of its own, slowed down so that a test can kill it (kill -9) while its
 * staging database exists. Arguments: project, target database, dump file, working folder.
 */
public final class SlowRestoreMain {
    private SlowRestoreMain() {
    }

    public static void main(String[] args) throws Exception {
        String project = args[0];
        String database = args[1];
        Path dump = Path.of(args[2]);
        Path dir = Path.of(args[3]);
        TestSource slow = new TestSource(dump, Instant.parse("2020-06-30T12:00:00Z"), Files.size(dump), 4096, 100);
        Profile profile = new Profile("local", false, new SourceSpec.Url("https://backups.example/acme.dump", Map.of()),
                List.of(), List.of(), Map.of(), List.of(), List.of(), null, Settings.empty());
        ConfigFile config = Pipelines.config(dir, project, Pipelines.settings(null, null, null), profile);
        Progress progress = new Progress() {
            @Override public void info(String message) { System.out.println("INFO " + Redactor.redact(message)); }
            @Override public void warn(String message) { System.out.println("WARN " + Redactor.redact(message)); }
            @Override public void debug(String message) { }
        };
        new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER, spec -> slow,
                Pipelines.connections(dir), null, ZoneOffset.UTC))
                .run(config, RunOptions.of(config.file()).withDatabase(database), new RunReport("restore", null));
        System.out.println("finished");
    }
}
