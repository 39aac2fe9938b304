package dev.dbrestore.lifecycle;

import dev.dbrestore.app.PruneCopies;
import dev.dbrestore.app.Prompter;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.PruneSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Restores of successive backups, then prune, as a new user would do it; and autoPrune after each restore. */
class AutoPruneTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_life_");

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();
    private final String project = DBS.newName();

    private ConfigFile config(boolean autoPrune, PruneSpec prune) {
        Settings settings = new Settings(Pipelines.target(), null, null, null, prune, autoPrune, null, null,
                "pg_restore", null, null, null, null, null);
        return Pipelines.config(dir, project, settings, Pipelines.fileProfile("prod", dir.resolve("acme.dump")));
    }

    /** Restores "the newest backup", taken on {@code day} of June 2020: the copy is named {@code <project>_prod_202006<day>}. */
    private String restoreBackupOf(int day, ConfigFile config) throws Exception {
        Path dump = dir.resolve("acme.dump");
        if (!Files.exists(dump)) {
            // plain SQL: it records no creation time, so the file's modification time names the copy
            Files.copy(Fixtures.acme("acme-pg15.sql"), dump);
        }
        Files.setLastModifiedTime(dump, FileTime.from(Instant.parse("2020-06-%02dT12:00:00Z".formatted(day))));
        return Pipelines.pipeline(progress, dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()), new RunReport("restore", null)).database();
    }

    @Test
    void threeRestoresOfSuccessiveBackupsThenKeepOneLeavesExactlyTheNewest() throws Exception {
        ConfigFile config = config(false, null);
        String first = restoreBackupOf(28, config);
        String second = restoreBackupOf(29, config);
        String third = restoreBackupOf(30, config);
        assertThat(List.of(first, second, third)).allMatch(TestPg::exists);

        new PruneCopies(Pipelines.connections(dir), progress, Clock.systemUTC())
                .run(config, RunOptions.of(config.file()).withPrune(1, null), null);

        assertThat(third).isEqualTo(project + "_prod_20200630");
        assertThat(TestPg.exists(third)).isTrue();
        assertThat(TestPg.exists(first)).isFalse();
        assertThat(TestPg.exists(second)).isFalse();
    }

    @Test
    void autoPruneRunsAfterEachRestoreAndSparesTheCopyJustMade() throws Exception {
        ConfigFile config = config(true, new PruneSpec(1, null));
        String june29 = restoreBackupOf(29, config);
        String june30 = restoreBackupOf(30, config);
        assertThat(TestPg.exists(june29)).isFalse();
        assertThat(progress.text()).contains("Pruning profile prod", june29, "dropped");

        // restoring an older backup again: the policy would drop it, but it is the copy just made
        String june28 = restoreBackupOf(28, config);
        assertThat(TestPg.exists(june28)).isTrue();
        assertThat(TestPg.exists(june30)).isTrue();
        assertThat(progress.text()).contains("just restored");
    }
}
