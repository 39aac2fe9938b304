package dev.dbrestore.lifecycle;

import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the JVM of a publish (Ctrl-C, SIGTERM) drops its scratch database through the shutdown hook. */
class PublishInterruptedTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_pubint_");

    @TempDir
    Path dir;

    @Test
    void stoppingThePublishJvmDropsTheScratchDatabaseAndPublishesNothing() throws Exception {
        String project = DBS.newName();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowPublishMain.class.getName(), project, Fixtures.acme("acme-pg15.dump").toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            ConcurrencyTest.await("the child's scratch database", Duration.ofSeconds(60),
                    () -> !scratch(project).isEmpty() || !child.isAlive());
            assertThat(child.isAlive()).as("child still restoring; its log:\n" + Files.readString(dir.resolve("child.log")))
                    .isTrue();

            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(scratch(project)).as("child log:\n" + Files.readString(dir.resolve("child.log"))).isEmpty();
        assertThat(Files.readString(dir.resolve("child.log"))).contains("Interrupted: dropped the scratch database "
                + project + "_prod__publish_");
        assertThat(dir.resolve("published")).doesNotExist();
    }

    private static List<String> scratch(String project) {
        try {
            return TestPg.rows("postgres", "SELECT datname FROM pg_database WHERE datname LIKE '" + project
                    + "\\_prod\\_\\_publish\\_%'").stream().map(r -> r.get("datname")).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
