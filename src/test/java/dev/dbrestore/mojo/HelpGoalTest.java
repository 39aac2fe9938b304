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
        // issue 17 item 8: the retention parameters say why restore has them
        String keep = section(log.text(), "keep");
        assertThat(keep).contains("Only with autoPrune: true", "User property: dbrestore.keep");
        assertThat(section(log.text(), "olderThan")).contains("Only with autoPrune: true");
        assertThat(section(log.text(), "cacheDir")).contains("restore reads and fills it");
    }

    @Test
    @InjectMojo(goal = "help")
    @MojoParameter(name = "detail", value = "true")
    @MojoParameter(name = "goal", value = "prune")
    void showsPruneItsParameters(HelpMojo help) throws Exception {
        assertThat(helpText(help)).contains("User property: dbrestore.force", "User property: dbrestore.keep",
                        "User property: dbrestore.cacheDir", "User property: dbrestore.database")
                .doesNotContain("dbrestore.jobs", "dbrestore.engine", "dbrestore.onExists", "dbrestore.backup",
                        "Only with autoPrune");
    }

    /** The help text of one parameter: from its name's line to the next parameter's. */
    private static String section(String help, String parameter) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*" + parameter + "\\s*$").matcher(help);
        assertThat(m.find()).as("parameter " + parameter + " in the help").isTrue();
        String rest = help.substring(m.end());
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("(?m)^\\s*\\w+\\s*$").matcher(rest);
        return next.find() ? rest.substring(0, next.start()) : rest;
    }

    private String helpText(HelpMojo help) throws Exception {
        help.setLog(log);
        help.execute();
        return log.text();
    }
}
