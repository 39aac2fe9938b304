package dev.dbrestore.lifecycle;

import dev.dbrestore.app.BackupSources;
import dev.dbrestore.app.PublishCopy;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PublishSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.support.Progress;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.PublishFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A publish in a process of its own, its backup read slowly so that a test can stop the JVM (as Ctrl-C
 * does) while the scratch database exists. Arguments: project, dump file, working folder.
 */
public final class SlowPublishMain {
    private SlowPublishMain() {
    }

    public static void main(String[] args) throws Exception {
        String project = args[0];
        Path dump = Path.of(args[1]);
        Path dir = Path.of(args[2]);
        PublishFixture fx = new PublishFixture(dir, project, Map.of());
        TestSource slow = new TestSource(dump, PublishFixture.BACKUP_TIME, Files.size(dump), 4096, 100);
        Profile profile = fx.profile(List.of(PublishFixture.VERIFY),
                new PublishSpec(null, dir.resolve("published").toString(), null));
        Progress progress = new Progress() {
            @Override public void info(String message) { System.out.println("INFO " + message); }
            @Override public void warn(String message) { System.out.println("WARN " + message); }
            @Override public void debug(String message) { }
        };
        new PublishCopy(new PublishCopy.Context(progress, spec -> slow,
                spec -> BackupSources.destination(spec, Pipelines.sourceContext(fx.progress, dir, Map.of())),
                Pipelines.connections(dir), new Sanitizer(), "test"))
                .run(fx.config(profile), fx.options(profile), new RunReport("publish", null));
        System.out.println("finished");
    }
}
