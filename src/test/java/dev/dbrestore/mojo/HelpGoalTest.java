package dev.dbrestore.mojo;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import javax.inject.Inject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated {@code help} goal (maven-plugin-plugin's helpmojo): it lists every goal, and with
 * {@code -Ddetail -Dgoal=NAME} shows a goal the parameters it declares and no others. Being
 * generated, it has no {@code skip} and follows Maven's own rule (the pom beats {@code -D}).
 */
@MojoTest
class HelpGoalTest {
    private final RecordingLog log = new RecordingLog();

    @Inject
    private MavenSession session;

    /** {@code -Ddetail=true -Dgoal=list} before Maven configures the goal, for the tests tagged "detail-list". */
    @BeforeEach
    void commandLine(TestInfo test) {
        if (test.getTags().contains("detail-list")) {
            session.getUserProperties().setProperty("detail", "true");
            session.getUserProperties().setProperty("goal", "list");
        }
    }

    @Test
    @InjectMojo(goal = "help")
    void listsEveryGoal(HelpMojo help) throws Exception {
        assertThat(helpText(help)).contains("dbrestore:restore", "dbrestore:list", "dbrestore:sanitize", "dbrestore:backups", "dbrestore:publish",
                "dbrestore:prune", "dbrestore:help", "mvn dbrestore:help -Ddetail=true -Dgoal=<goal-name>");
        assertThat(log.text()).doesNotContain("cacheMaxSize");
    }

    @Test
    @Tag("detail-list")
    @InjectMojo(goal = "help")
    void showsListOnlyTheParametersListReads(HelpMojo help) throws Exception {
        assertThat(helpText(help)).contains("dbrestore:list", "User property: profile", "User property: dbrestore.config",
                        "User property: dbrestore.skip")
                .doesNotContain("dbrestore:restore", "dbrestore.jobs", "dbrestore.engine", "dbrestore.keep",
                        "dbrestore.olderThan", "dbrestore.onExists", "dbrestore.cache", "dbrestore.database",
                        "dbrestore.dryRun", "dbrestore.force", "dbrestore.pgBin", "dbrestore.sanitize", "dbrestore.backup");
    }

    @Test
    @InjectMojo(goal = "help")
    @MojoParameter(name = "detail", value = "true")
    @MojoParameter(name = "goal", value = "restore")
    void showsRestoreItsParametersFromThePom(HelpMojo help) throws Exception {
        assertThat(helpText(help)).contains("dbrestore:restore", "User property: dbrestore.cacheDir",
                        "User property: dbrestore.cacheMaxSize", "User property: dbrestore.jobs",
                        "User property: dbrestore.keep", "User property: dbrestore.onExists",
                        "User property: dbrestore.force")
                .doesNotContain("dbrestore:prune");
    }

    @Test
    @InjectMojo(goal = "help")
    @MojoParameter(name = "detail", value = "true")
    @MojoParameter(name = "goal", value = "prune")
    void showsPruneItsParameters(HelpMojo help) throws Exception {
        assertThat(helpText(help)).contains("User property: dbrestore.force", "User property: dbrestore.keep",
                        "User property: dbrestore.cacheDir", "User property: dbrestore.database")
                .doesNotContain("dbrestore.jobs", "dbrestore.engine", "dbrestore.onExists", "dbrestore.backup");
    }

    private String helpText(HelpMojo help) throws Exception {
        help.setLog(log);
        help.execute();
        return log.text();
    }
}
