package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.testing.RecordingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 15, item 9: report.json says "running" while a run is under way, so an interrupted run never leaves the previous run's outcome. */
class ReportLifecycleTest {
    @TempDir
    Path dir;

    private final AbstractDbRestoreMojo goal = new AbstractDbRestoreMojo() {
        @Override
        protected String goal() {
            return "restore";
        }

        @Override
        protected void run(RunOptions options) {
            // driven by the test through withReport
        }
    };

    @Test
    void theReportIsWrittenAtTheStartAndUpdatedAtTheEnd() throws Exception {
        Path reportDir = dir.resolve("target/dbrestore");
        Files.createDirectories(reportDir);
        Files.writeString(reportDir.resolve("report.json"), "{\"goal\": \"restore\", \"outcome\": \"succeeded\"}\n");
        goal.progress = new RecordingProgress();
        RunOptions options = RunOptions.of(dir.resolve("restore-profiles.yml")).withReportDir(reportDir);
        AtomicReference<String> duringTheRun = new AtomicReference<>();

        assertThatThrownBy(() -> goal.withReport(options, report -> {
            duringTheRun.set(read(reportDir));
            throw new IllegalStateException("interrupted");
        })).hasMessage("interrupted");

        assertThat(duringTheRun.get()).contains("\"outcome\" : \"running\"").doesNotContain("succeeded");
        assertThat(read(reportDir)).contains("\"outcome\" : \"failed\"", "interrupted");
        try (var files = Files.list(reportDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.json",
                    "report-restore.json");
        }
    }

    @Test
    void aRunThatEndsWellSucceedsAndADeclinedOneSaysSo() throws Exception {
        Path reportDir = dir.resolve("target/dbrestore");
        goal.progress = new RecordingProgress();
        RunOptions options = RunOptions.of(dir.resolve("restore-profiles.yml")).withReportDir(reportDir);

        goal.withReport(options, report -> report.step("list", 1, null, null));
        assertThat(read(reportDir)).contains("\"outcome\" : \"succeeded\"", "\"finishedAt\"");

        assertThatThrownBy(() -> goal.withReport(options, report -> {
            throw new dev.dbrestore.support.Declined("Kept acme_local_20261128 as it is.");
        })).isInstanceOf(dev.dbrestore.support.Declined.class);
        assertThat(read(reportDir)).contains("\"outcome\" : \"declined\"", "Kept acme_local_20261128");
    }

    private static String read(Path reportDir) {
        try {
            return Files.readString(reportDir.resolve("report.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
