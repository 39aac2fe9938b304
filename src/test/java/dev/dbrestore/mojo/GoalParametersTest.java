package dev.dbrestore.mojo;

import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.support.UserError;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every parameter of every goal, configured as Maven configures it (the generated plugin.xml, the
 * harness): read from the pom's {@code <configuration>}, read from {@code -D}, and {@code -D}
 * beating the pom; a goal that does not declare a parameter neither shows it nor reads it.
 */
@MojoTest
class GoalParametersTest {
    static final String POM = "classpath:/dev/dbrestore/mojo/every-parameter.xml";

    private static final Set<String> ALL = Set.of("restore", "list", "sanitize", "backups", "prune", "publish",
            "status", "stop", "validate");
    /** The goals that talk to a server: they take -Ddbrestore.target (embedded or a URL). */
    private static final Set<String> SERVER = Set.of("restore", "list", "sanitize", "prune", "publish", "status", "stop");
    private static final Set<String> COPY = Set.of("restore", "sanitize", "prune");
    private static final Set<String> DRY_RUN = Set.of("restore", "sanitize", "prune", "publish");
    private static final Set<String> RETENTION = Set.of("restore", "prune");
    private static final Set<String> FORCE = Set.of("restore", "prune", "publish");
    private static final Set<String> RESTORE = Set.of("restore");
    private static final Set<String> RESTORING = Set.of("restore", "publish");

    /**
     * A parameter: the value the pom (every-parameter.xml) gives it as RunOptions sees it, the
     * {@code -D} text and its value, the value when the goal does not declare it, the goals that do.
     */
    record Param(String name, String property, Object fromPom, String cli, Object fromCli, Object unset,
                 Function<RunOptions, Object> option, Set<String> goals) {
    }

    static final List<Param> PARAMS = List.of(
            new Param("profile", "profile", "frompom", "fromcli", "fromcli", null, RunOptions::profile, ALL),
            new Param("config", "dbrestore.config", Path.of("/pom/restore-profiles.yml"), "/cli/restore-profiles.yml",
                    Path.of("/cli/restore-profiles.yml"), null, RunOptions::configFile, ALL),
            new Param("database", "dbrestore.database", "pom_db", "cli_db", "cli_db", null, RunOptions::database, COPY),
            new Param("dryRun", "dbrestore.dryRun", true, "false", false, false, RunOptions::dryRun, DRY_RUN),
            new Param("keep", "dbrestore.keep", 3, "5", 5, null, RunOptions::keep, RETENTION),
            new Param("olderThan", "dbrestore.olderThan", Duration.ofDays(30), "12h", Duration.ofHours(12), null,
                    RunOptions::olderThan, RETENTION),
            new Param("cache", "dbrestore.cache", false, "true", true, null, RunOptions::cache, RETENTION),
            new Param("cacheDir", "dbrestore.cacheDir", Path.of("/pom/cache"), "/cli/cache", Path.of("/cli/cache"), null,
                    RunOptions::cacheDir, RETENTION),
            new Param("cacheMaxSize", "dbrestore.cacheMaxSize", 20L << 30, "512m", 512L << 20, null,
                    RunOptions::cacheMaxSize, RETENTION),
            new Param("onExists", "dbrestore.onExists", OnExists.OVERWRITE, "suffix", OnExists.SUFFIX, null,
                    RunOptions::onExists, RESTORE),
            new Param("backup", "dbrestore.backup", "b-pom", "b-cli", "b-cli", null, RunOptions::backup, RESTORING),
            new Param("sanitize", "dbrestore.sanitize", false, "true", true, null, RunOptions::sanitize, RESTORE),
            new Param("jobs", "dbrestore.jobs", 2, "3", 3, null, RunOptions::jobs, RESTORING),
            new Param("engine", "dbrestore.engine", "native", "pg_restore", "pg_restore", null, RunOptions::engine, RESTORING),
            new Param("pgBin", "dbrestore.pgBin", Path.of("/pom/bin"), "/cli/bin", Path.of("/cli/bin"), null,
                    RunOptions::pgBin, RESTORING),
            new Param("force", "dbrestore.force", true, "false", false, false, RunOptions::force, FORCE));

    @Test
    void eachGoalDeclaresTheParametersItUsesAndNoOthers() throws Exception {
        PluginDescriptor plugin;
        try (Reader xml = new InputStreamReader(getClass().getResourceAsStream("/META-INF/maven/plugin.xml"),
                StandardCharsets.UTF_8)) {
            plugin = new PluginDescriptorBuilder().build(xml);
        }
        for (String goal : ALL) {
            MojoDescriptor mojo = plugin.getMojo(goal);
            Set<String> declared = mojo.getParameters().stream().filter(p -> p.isEditable())
                    .map(p -> p.getName() + "=" + p.getExpression()).collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = PARAMS.stream().filter(p -> p.goals().contains(goal))
                    .map(p -> p.name() + "=${" + p.property() + "}").collect(Collectors.toCollection(TreeSet::new));
            expected.add("skip=${dbrestore.skip}");
            if (goal.equals("restore")) {
                expected.add("file=${dbrestore.file}"); // the one-off form, read by RestoreMojo itself
            }
            if (goal.equals("validate")) {
                expected.add("schemaFrom=${dbrestore.schemaFrom}"); // read by ValidateMojo itself, not a RunOptions field
            }
            if (SERVER.contains(goal)) {
                expected.add("target=${dbrestore.target}"); // read by AbstractServerMojo, not a RunOptions field
            }
            if (goal.equals("prune")) {
                expected.add("thisBuild=${dbrestore.thisBuild}"); // read by PruneMojo itself, not a RunOptions field
            }
            if (Set.of("list", "backups", "validate", "status").contains(goal)) {
                // where the result goes, read by AbstractResultMojo itself, not a RunOptions field
                expected.add("output=${dbrestore.output}");
                expected.add("outputFile=${dbrestore.outputFile}");
            }
            assertThat(declared).as(goal).isEqualTo(expected);
        }
    }

    // One pair of tests per goal: the pom's values, then -D beating each of them; -D alone.

    @Test
    @InjectMojo(goal = "restore", pom = POM)
    void restoreFromThePomThenTheCommandLine(RestoreMojo mojo) {
        assertPomThenCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "restore")
    void restoreFromTheCommandLine(RestoreMojo mojo) {
        assertCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "list", pom = POM)
    void listFromThePomThenTheCommandLine(ListMojo mojo) {
        assertPomThenCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "list")
    void listFromTheCommandLine(ListMojo mojo) {
        assertCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "sanitize", pom = POM)
    void sanitizeFromThePomThenTheCommandLine(SanitizeMojo mojo) {
        assertPomThenCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "sanitize")
    void sanitizeFromTheCommandLine(SanitizeMojo mojo) {
        assertCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "backups", pom = POM)
    void backupsFromThePomThenTheCommandLine(BackupsMojo mojo) {
        assertPomThenCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "backups")
    void backupsFromTheCommandLine(BackupsMojo mojo) {
        assertCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "validate", pom = POM)
    void validateFromThePomThenTheCommandLine(ValidateMojo mojo) {
        assertPomThenCommandLine(mojo);
        commandLine(mojo, java.util.Map.of("dbrestore.schemaFrom", ""));
        assertThat(mojo.schemaFrom()).isEqualTo("postgres://pom-host/pom_schema");
        commandLine(mojo, java.util.Map.of("dbrestore.schemaFrom", "jdbc:postgresql://cli-host/cli_schema"));
        assertThat(mojo.schemaFrom()).isEqualTo("jdbc:postgresql://cli-host/cli_schema");
    }

    @Test
    @InjectMojo(goal = "validate")
    void validateFromTheCommandLine(ValidateMojo mojo) {
        assertCommandLine(mojo);
        assertThat(mojo.schemaFrom()).isNull();
    }

    @Test
    @InjectMojo(goal = "prune", pom = POM)
    void pruneFromThePomThenTheCommandLine(PruneMojo mojo) {
        assertPomThenCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "prune")
    void pruneFromTheCommandLine(PruneMojo mojo) {
        assertCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "publish", pom = POM)
    void publishFromThePomThenTheCommandLine(PublishMojo mojo) {
        assertPomThenCommandLine(mojo);
    }

    @Test
    @InjectMojo(goal = "publish")
    void publishFromTheCommandLine(PublishMojo mojo) {
        assertCommandLine(mojo);
    }

    /** The switches whose -D value in the table is their default: switched on from the command line alone. */
    @Test
    @InjectMojo(goal = "prune")
    void switchesTurnOnFromTheCommandLine(PruneMojo prune) {
        assertThat(prune.options().dryRun()).isFalse();
        assertThat(prune.options().force()).isFalse();
        commandLine(prune, java.util.Map.of("dbrestore.dryRun", "true", "dbrestore.force", "true"));
        assertThat(prune.options().dryRun()).isTrue();
        assertThat(prune.options().force()).isTrue();
    }

    @Test
    @InjectMojo(goal = "list", pom = POM)
    void dbrestoreProfileIsAnAliasThatProfileBeats(ListMojo list) {
        commandLine(list, java.util.Map.of("dbrestore.profile", "alias"));
        assertThat(list.options().profile()).isEqualTo("alias");
        commandLine(list, java.util.Map.of("profile", "plain"));
        assertThat(list.options().profile()).isEqualTo("plain");
    }

    @Test
    @InjectMojo(goal = "restore", pom = POM)
    void aBlankCommandLineValueLeavesThePomValue(RestoreMojo restore) {
        commandLine(restore, java.util.Map.of("dbrestore.database", " ", "dbrestore.jobs", ""));
        assertThat(restore.options().database()).isEqualTo("pom_db");
        assertThat(restore.options().jobs()).isEqualTo(2);
    }

    @Test
    @InjectMojo(goal = "restore")
    void aBadCommandLineValueIsAUserErrorNamingTheProperty(RestoreMojo restore) {
        List.of(new String[] {"dbrestore.jobs", "many", "-Ddbrestore.jobs must be a whole number, got 'many'"},
                new String[] {"dbrestore.keep", "3.5", "-Ddbrestore.keep must be a whole number, got '3.5'"},
                new String[] {"dbrestore.dryRun", "yes", "-Ddbrestore.dryRun must be true or false, got 'yes'"},
                new String[] {"dbrestore.sanitize", "no", "-Ddbrestore.sanitize must be true or false, got 'no'"},
                new String[] {"dbrestore.cacheMaxSize", "lots", "-Ddbrestore.cacheMaxSize"},
                new String[] {"dbrestore.olderThan", "soon", "olderThan"},
                new String[] {"dbrestore.onExists", "sometimes", "fail, overwrite, prompt, suffix"})
                .forEach(bad -> {
                    Properties user = restore.session.getUserProperties();
                    user.clear();
                    user.setProperty(bad[0], bad[1]);
                    assertThatThrownBy(restore::options).as(bad[0]).isInstanceOf(UserError.class)
                            .hasMessageContaining(bad[2]);
                    assertThatThrownBy(restore::execute).as(bad[0]).isInstanceOf(MojoFailureException.class)
                            .hasMessageContaining(bad[2]);
                });
    }

    @Test
    @InjectMojo(goal = "prune")
    void badPomValuesAreUserErrorsToo(PruneMojo prune) {
        prune.olderThan = "soon";
        assertThatThrownBy(prune::options).isInstanceOf(UserError.class).hasMessageContaining("olderThan");
        prune.olderThan = null;
        prune.cacheMaxSize = "lots";
        assertThatThrownBy(prune::options).isInstanceOf(UserError.class).hasMessageContaining("cacheMaxSize");
    }

    /** Each parameter the goal declares has the pom's value, then -D's; the others stay unset. */
    private static void assertPomThenCommandLine(AbstractDbRestoreMojo mojo) {
        assertOptions(mojo, Param::fromPom);
        commandLine(mojo, EVERY_PROPERTY_ON_THE_COMMAND_LINE);
        assertOptions(mojo, Param::fromCli);
    }

    private static void assertCommandLine(AbstractDbRestoreMojo mojo) {
        commandLine(mojo, EVERY_PROPERTY_ON_THE_COMMAND_LINE);
        assertOptions(mojo, Param::fromCli);
    }

    private static final java.util.Map<String, String> EVERY_PROPERTY_ON_THE_COMMAND_LINE =
            PARAMS.stream().collect(Collectors.toMap(Param::property, Param::cli));

    private static void assertOptions(AbstractDbRestoreMojo mojo, Function<Param, Object> expected) {
        RunOptions options = mojo.options();
        SoftAssertions soft = new SoftAssertions();
        for (Param p : PARAMS) {
            soft.assertThat(p.option().apply(options)).as(mojo.goal() + " " + p.name())
                    .isEqualTo(p.goals().contains(mojo.goal()) ? expected.apply(p) : p.unset());
        }
        soft.assertAll();
    }

    /** {@code -D} values: the user properties of the (one, shared) session. */
    static void commandLine(AbstractDbRestoreMojo mojo, java.util.Map<String, String> properties) {
        properties.forEach(mojo.session.getUserProperties()::setProperty);
    }
}
