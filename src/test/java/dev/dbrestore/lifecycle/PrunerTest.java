package dev.dbrestore.lifecycle;

import dev.dbrestore.app.PruneCopies;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.PruneSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Json;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prune against the real server: what it drops, and everything it must never drop. */
class PrunerTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_life_");

    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();
    private final String project = DBS.newName();

    private Pruner.Result prune(PruneSpec policy, RunOptions options, Clock clock) {
        return new PruneCopies(Pipelines.connections(dir), progress, clock).run(config(policy, null), options, null);
    }

    private ConfigFile config(PruneSpec policy, String envFile) {
        return Pipelines.config(dir, project, Pipelines.settings(policy, envFile, null),
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));
    }

    private RunOptions options() {
        return Pipelines.options(config(null, null), Map.of(), Map.of());
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void keepsTheNewestCopiesByBackupDateNotByRestoreOrder() {
        // restored in this order, but the backups were taken in another
        String march = copy(project, "local", "2020-03-01T00:00:00Z");
        String january = copy(project, "local", "2020-01-01T00:00:00Z");
        String april = copy(project, "local", "2020-04-01T00:00:00Z");
        String february = copy(project, "local", "2020-02-01T00:00:00Z");
        String otherProfile = copy(project, "staging", "2019-01-01T00:00:00Z");
        String otherProject = copy(DBS.newName(), "local", "2019-01-01T00:00:00Z");

        Pruner.Result result = prune(new PruneSpec(2, null), options(), Clock.systemUTC());

        assertThat(result.dropped()).containsExactlyInAnyOrder(january, february);
        assertThat(TestPg.exists(april)).isTrue();
        assertThat(TestPg.exists(march)).isTrue();
        assertThat(TestPg.exists(january)).isFalse();
        assertThat(TestPg.exists(february)).isFalse();
        assertThat(TestPg.exists(otherProfile)).as("another profile's copy").isTrue();
        assertThat(TestPg.exists(otherProject)).as("another project's copy with the same profile").isTrue();
    }

    @Test
    void theReportSaysWhatHappenedToEachCopyAndWhy() throws Exception {
        String older = copy(project, "local", "2020-01-01T00:00:00Z");
        String newer = copy(project, "local", "2020-02-01T00:00:00Z");
        RunReport report = new RunReport("prune", "local");

        new PruneCopies(Pipelines.connections(dir), progress, Clock.systemUTC())
                .run(config(new PruneSpec(1, null), null), options(), null, report);
        report.finish("succeeded", null);
        report.writeTo(dir.resolve("reports"));

        JsonNode written = Json.MAPPER.readTree(dir.resolve("reports/report-prune.json").toFile());
        assertThat(Json.MAPPER.readTree(dir.resolve("reports/report.json").toFile())).isEqualTo(written);
        assertThat(written.get("goal").asText()).isEqualTo("prune");
        JsonNode prune = written.get("prune").get(0);
        assertThat(prune.get("profile").asText()).isEqualTo("local");
        assertThat(prune.get("retention").asText()).contains("1");
        assertThat(prune.get("dryRun").asBoolean()).isFalse();
        Map<String, String> actions = new java.util.HashMap<>();
        prune.get("databases").forEach(d -> actions.put(d.get("database").asText(), d.get("action").asText()));
        assertThat(actions).containsEntry(older, "dropped").containsEntry(newer, "kept");
        assertThat(prune.get("databases").findValuesAsText("reason")).allMatch(r -> !r.isBlank());
        assertThat(prune.get("freedBytes").asLong()).isPositive();
        assertThat(TestPg.exists(older)).isFalse();
    }

    @Test
    void dropsCopiesWhoseBackupIsOlderThanTheLimit() {
        String week = copy(project, "local", "2020-05-25T00:00:00Z");
        String twoMonths = copy(project, "local", "2020-04-01T00:00:00Z");

        Pruner.Result result = prune(new PruneSpec(null, Duration.ofDays(30)), options(), at("2020-06-01T00:00:00Z"));

        assertThat(result.dropped()).containsExactly(twoMonths);
        assertThat(TestPg.exists(week)).isTrue();
        assertThat(progress.text()).contains("backup older than 30d");
    }

    @Test
    void commandLineKeepOverridesTheYaml() {
        String newer = copy(project, "local", "2020-05-02T00:00:00Z");
        String older = copy(project, "local", "2020-05-01T00:00:00Z");

        prune(new PruneSpec(5, null), options().withPrune(1, null), Clock.systemUTC());

        assertThat(TestPg.exists(newer)).isTrue();
        assertThat(TestPg.exists(older)).isFalse();
    }

    @Test
    void neverTouchesADatabaseWithoutOurProvenance() {
        String ours = copy(project, "local", "2020-01-01T00:00:00Z");
        // named exactly like a copy, but made by hand
        String noComment = database(project + "_local_20190101", null);
        String foreignJson = database(project + "_local_20190102", "{\"owner\":\"team\"}");
        String mentionsUs = database(project + "_local_20190103", "{\"note\":\"dbrestore\",\"profile\":\"local\"}");
        String staging = database(project + "_local_20190104__restoring", null);

        Pruner.Result result = prune(new PruneSpec(0, null), options(), at("2030-01-01T00:00:00Z"));

        assertThat(result.dropped()).containsExactly(ours);
        assertThat(List.of(noComment, foreignJson, mentionsUs, staging)).allMatch(TestPg::exists);
        assertThatThrownBy(() -> prune(null, options().withDatabase(noComment), Clock.systemUTC()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("was not made by dbrestore");
        assertThat(TestPg.exists(noComment)).isTrue();
    }

    @Test
    void neverDropsTheDatabaseThatDatabaseUrlOrTheEnvFilePointsAt() throws Exception {
        String fromEnv = copy(project, "local", "2020-01-01T00:00:00Z");
        String fromEnvFile = copy(project, "local", "2020-01-02T00:00:00Z");
        String dropped = copy(project, "local", "2020-01-03T00:00:00Z");
        String newest = copy(project, "local", "2020-01-04T00:00:00Z");
        Files.writeString(dir.resolve(".envrc"), "export PATH=$PATH:bin\nexport DATABASE_URL=postgres://localhost:5432/"
                + fromEnvFile + "\n");
        ConfigFile config = config(new PruneSpec(1, null), ".envrc");
        RunOptions options = Pipelines.options(config,
                Map.of("DATABASE_URL", "postgres://app:s3cret-pw@db.example:5432/" + fromEnv + "?sslmode=disable"), Map.of());

        Pruner.Result result = new PruneCopies(Pipelines.connections(dir), progress, Clock.systemUTC()).run(config, options, null);

        assertThat(result.dropped()).containsExactly(dropped);
        assertThat(TestPg.exists(fromEnv)).isTrue();
        assertThat(TestPg.exists(fromEnvFile)).isTrue();
        assertThat(TestPg.exists(newest)).isTrue();
        assertThat(progress.text()).contains("DATABASE_URL points at it", "DATABASE_URL in .envrc points at it")
                .doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> new PruneCopies(Pipelines.connections(dir), progress, Clock.systemUTC())
                .run(config, options.withDatabase(fromEnvFile), null))
                .isInstanceOf(UserError.class).hasMessageContaining("DATABASE_URL in .envrc points at it");
        assertThat(TestPg.exists(fromEnvFile)).isTrue();
    }

    @Test
    void skipsACopyWithAnOpenConnectionUnlessForced() throws Exception {
        String busy = copy(project, "local", "2020-01-01T00:00:00Z");
        String newest = copy(project, "local", "2020-01-02T00:00:00Z");
        try (Connection session = TestPg.connect(busy)) {
            Pruner.Result result = prune(new PruneSpec(1, null), options(), Clock.systemUTC());

            assertThat(result.dropped()).isEmpty();
            assertThat(TestPg.exists(busy)).isTrue();
            assertThat(progress.text()).contains("1 open connection(s); -Ddbrestore.force=true drops it anyway");

            Pruner.Result forced = prune(new PruneSpec(1, null), options().withForce(true), Clock.systemUTC());
            assertThat(forced.dropped()).containsExactly(busy);
            assertThat(TestPg.exists(busy)).isFalse();
            assertThat(session.isValid(2)).as("the forced drop ended the session").isFalse();
        }
        assertThat(TestPg.exists(newest)).isTrue();
    }

    @Test
    void dryRunListsWhatWouldBeDroppedAndDropsNothing() {
        String a = copy(project, "local", "2020-01-01T00:00:00Z");
        String b = copy(project, "local", "2020-01-02T00:00:00Z");
        String c = copy(project, "local", "2020-01-03T00:00:00Z");

        Pruner.Result result = prune(new PruneSpec(1, null), options().withDryRun(true), Clock.systemUTC());

        assertThat(result.dropped()).containsExactlyInAnyOrder(a, b);
        assertThat(result.rows()).filteredOn(r -> r.action() == Pruner.Action.WOULD_DROP).hasSize(2);
        assertThat(List.of(a, b, c)).allMatch(TestPg::exists);
        assertThat(progress.text()).contains("would drop", "Dry run: would free");
    }

    @Test
    void theTableShowsKeptAndDroppedDatabasesWithSizesAndTheSpaceFreed() {
        String old = copy(project, "local", "2020-01-01T00:00:00Z");
        String kept = copy(project, "local", "2020-01-02T00:00:00Z");

        Pruner.Result result = prune(new PruneSpec(1, null), options(), Clock.systemUTC());

        assertThat(result.freedBytes()).isPositive();
        List<String> lines = progress.lines;
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("DATABASE", "KIND", "BACKUP DATE", "SIZE", "ACTION"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(kept, "copy", "2020-01-02 00:00", "MB", "kept"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(old, "2020-01-01 00:00", "MB", "dropped", "beyond the newest 1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Freed", "MB by dropping 1 database(s)"));
    }

    @Test
    void dropsExactlyTheNamedCopy() {
        String named = copy(project, "local", "2020-01-01T00:00:00Z");
        String other = copy(project, "local", "2019-01-01T00:00:00Z");

        Pruner.Result result = prune(new PruneSpec(0, null), options().withDatabase(named), Clock.systemUTC());

        assertThat(result.dropped()).containsExactly(named);
        assertThat(TestPg.exists(named)).isFalse();
        assertThat(TestPg.exists(other)).as("the policy does not apply when a database is named").isTrue();
        // a build's cleanup may run after a restore that never happened
        assertThat(prune(null, options().withDatabase(named), Clock.systemUTC()).dropped()).isEmpty();
        assertThat(progress.text()).contains("does not exist: nothing to drop");
    }

    @Test
    void keepsOnlyTheNewestTemplateOfTheProfile() {
        String older = template("2020-01-01T00:00:00Z", "k1");
        String newer = template("2020-02-01T00:00:00Z", "k2");

        Pruner.Result result = prune(null, options(), Clock.systemUTC());

        assertThat(result.dropped()).containsExactly(older);
        assertThat(TestPg.exists(newer)).isTrue();
        assertThat(progress.text()).contains("newest template", "an older template");
    }

    private String template(String backupTime, String key) {
        String name = TestPg.uniqueName(project + "_local__tpl_");
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            admin.comment(name, provenance(project, "local", backupTime).asTemplate(key).toJson());
            admin.allowConnections(name, false);
        }
        return name;
    }

    @Test
    void dropsStagingLeftoversOlderThanAnHourUnlessARunHoldsTheirLock() {
        Instant now = Instant.now();
        String dead = staging(project + "_a", now.minus(Duration.ofHours(2)));
        String young = staging(project + "_b", now.minus(Duration.ofMinutes(10)));
        String live = staging(project + "_c", now.minus(Duration.ofHours(3)));

        try (PgAdmin liveRun = TestPg.admin()) {
            assertThat(liveRun.tryLock(project + "_c")).isTrue();
            Pruner.Result result = prune(null, options(), Clock.systemUTC());

            assertThat(result.dropped()).containsExactly(dead);
            assertThat(TestPg.exists(young)).isTrue();
            assertThat(TestPg.exists(live)).isTrue();
            assertThat(progress.text()).contains("may belong to a running restore", "a dbrestore run is using it right now");
        }
        prune(null, options(), Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
        assertThat(TestPg.exists(live)).as("dropped once its run has gone").isFalse();
        assertThat(TestPg.exists(young)).isFalse();
    }

    @Test
    void dropsTheScratchDatabasesOfDeadPublishRunsUnlessARunHoldsTheirLock() {
        Instant now = Instant.now();
        String dead = publishScratch("0000dead", now.minus(Duration.ofHours(2)));
        String live = publishScratch("0000a11e", now.minus(Duration.ofHours(2)));

        try (PgAdmin liveRun = TestPg.admin()) {
            assertThat(liveRun.tryLock(live)).isTrue();
            Pruner.Result result = prune(null, options(), Clock.systemUTC());

            assertThat(result.dropped()).containsExactly(dead);
            assertThat(result.rows()).filteredOn(r -> r.database().equals(live)).extracting(Pruner.Row::kind)
                    .containsExactly(Provenance.PUBLISH_SCRATCH);
            assertThat(TestPg.exists(live)).isTrue();
        }
        prune(null, options(), Clock.systemUTC());
        assertThat(TestPg.exists(live)).as("dropped once its run has gone").isFalse();
    }

    /** What a publish run that started at {@code started} and died leaves: its scratch database, marked. */
    private String publishScratch(String random, Instant started) {
        String name = dev.dbrestore.naming.DatabaseName.publishScratch(project, "local", random).value();
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            admin.comment(name, Provenance.publishScratch(project, "local", "file:acme.dump", "acme.dump",
                    "2020-01-01T00:00:00Z", name, started).toJson());
        }
        return name;
    }

    @Test
    void putsALoneReplacedCopyBackUnderItsNameInsteadOfDroppingIt() {
        String copy = copy(project, "local", "2020-01-01T00:00:00Z");
        try (PgAdmin admin = TestPg.admin()) {
            // an overwrite that died between its renames (before they were one transaction), hours ago
            admin.rename(copy, copy + "__replaced");
        }

        Pruner.Result result = prune(new PruneSpec(5, null), options(), Clock.offset(Clock.systemUTC(), Duration.ofHours(3)));

        assertThat(result.dropped()).isEmpty();
        assertThat(TestPg.exists(copy)).isTrue();
        assertThat(TestPg.exists(copy + "__replaced")).isFalse();
        assertThat(progress.text()).contains("renamed back to " + copy);
    }

    /** What a restore that started at {@code started} and died leaves: {@code <target>__restoring} with its mark. */
    private String staging(String target, Instant started) {
        String name = target + "__restoring";
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            admin.comment(name, Provenance.staging(project, "local", "file:acme.dump", "acme.dump",
                    "2020-01-01T00:00:00Z", target, started).toJson());
        }
        return name;
    }

    /** An empty database carrying the provenance of a restored copy of a backup taken at {@code backupTime}. */
    private static String copy(String project, String profile, String backupTime) {
        String name = TestPg.uniqueName(project + "_" + profile + "_");
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            admin.comment(name, provenance(project, profile, backupTime).toJson());
        }
        return name;
    }

    private static Provenance provenance(String project, String profile, String backupTime) {
        return new Provenance(Provenance.FORMAT_VERSION, Provenance.COPY, project, profile, "file:acme.dump",
                "acme.dump", backupTime, 1234L, Instant.now().toString(), false, null, "pg_restore", "15.18");
    }

    /** A database with the given name and comment (null: none), made by hand, not by dbrestore. */
    private static String database(String name, String comment) {
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            if (comment != null) {
                admin.comment(name, comment);
            }
        }
        return name;
    }
}
