package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.Interpolator;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.lenient;

/**
 * Every goal as Maven runs it: {@code skip} from the pom and from {@code -D} (which wins), and the
 * one exception mapping: a {@link UserError} (an unknown profile) is a MojoFailureException with the
 * core's message, a fault (the target server's port is closed, a source that does not answer) a
 * MojoExecutionException, with no secret of the YAML in either. No database is needed: every run
 * fails before it would reach one.
 */
@MojoTest
class GoalExecutionTest {
    private static final String SECRET = "s3cret-pw";

    @TempDir
    Path dir;

    private Path config;
    private final RecordingLog log = new RecordingLog();

    // ---- every goal: skip, then its failures ------------------------------------------------------

    @Test
    @InjectMojo(goal = "restore")
    @MojoParameter(name = "skip", value = "true")
    void restore(RestoreMojo mojo) throws Exception {
        assertSkipsAndFails(mojo, "local");
    }

    @Test
    @InjectMojo(goal = "list")
    @MojoParameter(name = "skip", value = "true")
    void list(ListMojo mojo) throws Exception {
        assertSkipsAndFails(mojo, "local");
    }

    @Test
    @InjectMojo(goal = "sanitize")
    @MojoParameter(name = "skip", value = "true")
    void sanitize(SanitizeMojo mojo) throws Exception {
        assertSkipsAndFails(mojo, "local");
    }

    @Test
    @InjectMojo(goal = "backups")
    @MojoParameter(name = "skip", value = "true")
    void backups(BackupsMojo mojo) throws Exception {
        assertSkipsAndFails(mojo, "remote");
    }

    @Test
    @InjectMojo(goal = "prune")
    @MojoParameter(name = "skip", value = "true")
    void prune(PruneMojo mojo) throws Exception {
        assertSkipsAndFails(mojo, "local");
    }

    // ---- the mapping itself, on a goal that fails as told -------------------------------------------

    @Test
    void aUserErrorIsAFailureWithTheCoreMessage() {
        assertThatThrownBy(new FailingMojo(new UserError("Profile 'x' is not in restore-profiles.yml"))::execute)
                .isExactlyInstanceOf(MojoFailureException.class).hasMessage("Profile 'x' is not in restore-profiles.yml")
                .hasNoCause();
    }

    @Test
    void aFaultIsAnExecutionErrorWithTheCoreMessageRedactedAgain() {
        Fault fault = new Fault("Could not list s3://acme/prod with key AKIA-registered-later");
        Redactor.registerSecret("AKIA-registered-later");
        assertThatThrownBy(new FailingMojo(fault)::execute).isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessage("Could not list s3://acme/prod with key ****").hasNoCause();
    }

    @Test
    void anyOtherFailureIsAnExecutionErrorWithItsMessageRedacted() {
        RuntimeException bug = new IllegalStateException("no route to postgres://app:" + SECRET + "@db.example:5432/acme");
        assertThatThrownBy(new FailingMojo(bug)::execute).isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessage("dbrestore:failing failed unexpectedly: no route to postgres://app:****@db.example:5432/acme"
                        + " (run with -X for details)")
                .hasNoCause();
    }

    @Test
    void whatDashXPrintsOfAnUnexpectedFailureHoldsNoRowValue() {
        RuntimeException bug = new IllegalStateException("wrapped",
                new java.sql.SQLException("ERROR: invalid input syntax for type integer: \"jane@example.com\"", "22P02"));
        java.io.StringWriter printed = new java.io.StringWriter();
        FailingMojo mojo = new FailingMojo(bug);
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void debug(Throwable error) {
                error.printStackTrace(new java.io.PrintWriter(printed));
            }
        });
        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoExecutionException.class);
        assertThat(printed.toString()).contains("invalid input syntax for type integer").doesNotContain("jane@example.com");
    }

    /** A goal whose work throws what it is given, run outside Maven (no session, no project). */
    private static final class FailingMojo extends AbstractDbRestoreMojo {
        private final RuntimeException failure;

        FailingMojo(RuntimeException failure) {
            this.failure = failure;
            setLog(new RecordingLog());
        }

        @Override
        protected String goal() {
            return "failing";
        }

        @Override
        protected void run(RunOptions options) {
            throw failure;
        }
    }

    /**
     * skip=true in the pom skips; -Ddbrestore.skip=false beats it and the goal runs. An unknown
     * profile: MojoFailureException with the core's message, unchanged. A profile that reaches a
     * closed port: MojoExecutionException, the password of the YAML's URLs nowhere. Last,
     * -Ddbrestore.skip=true beats skip=false in the pom.
     */
    private void assertSkipsAndFails(AbstractDbRestoreMojo mojo, String faultyProfile) throws Exception {
        prepare(mojo);
        mojo.execute();
        assertThat(log.text()).contains("Skipping dbrestore:" + mojo.goal() + " (dbrestore.skip=true)");

        GoalParametersTest.commandLine(mojo, Map.of("dbrestore.skip", "false", "profile", "nope"));
        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoFailureException.class).hasMessage(userErrorOf("nope"))
                .hasNoCause();

        GoalParametersTest.commandLine(mojo, Map.of("profile", faultyProfile));
        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("127.0.0.1").hasMessageNotContaining(SECRET).hasNoCause();
        assertThat(log.text()).doesNotContain(SECRET);

        mojo.skip = false;
        GoalParametersTest.commandLine(mojo, Map.of("dbrestore.skip", "true"));
        RecordingLog last = new RecordingLog();
        mojo.setLog(last);
        mojo.execute();
        assertThat(last.text()).isEqualTo("Skipping dbrestore:" + mojo.goal() + " (dbrestore.skip=true)\n");
    }

    /** A YAML whose target and remote source carry secrets and answer on no port; reports go to the temp dir. */
    private void prepare(AbstractDbRestoreMojo mojo) throws Exception {
        mojo.setLog(log);
        Files.write(dir.resolve("acme.dump"), new byte[] {'P', 'G', 'D', 'M', 'P'});
        config = Files.writeString(dir.resolve("restore-profiles.yml"), """
                version: 1
                project: mojotest
                defaultProfile: local
                target:
                  url: postgres://dbrestore_test:%1$s@127.0.0.1:1/postgres
                profiles:
                  local:
                    source:
                      file: acme.dump
                    verify:
                      - "select 1 where false"
                  remote:
                    source:
                      url:
                        url: https://127.0.0.1:1/dumps/acme.dump?X-Amz-Signature=%1$s
                """.formatted(SECRET));
        mojo.config = config.toFile();
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setBaseDirectory(dir.toFile());
        request.setInteractiveMode(false);
        lenient().when(mojo.session.getRequest()).thenReturn(request);
    }

    private String userErrorOf(String profile) {
        try {
            ConfigLoader.load(config, new Interpolator(Map.of(), Map.of())).profile(profile);
        } catch (UserError e) {
            return e.getMessage();
        }
        throw new AssertionError("profile " + profile + " exists");
    }
}
