package dev.dbrestore.source.heroku;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.HerokuMimic;
import dev.dbrestore.testing.HerokuMimic.Capture;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code heroku: { app, capture: true }} against the Heroku mimic: the Platform API resolves the
 * DATABASE_URL add-on, the data API captures and is polled, the captured backup is restored.
 */
class HerokuCaptureTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_capture_");
    private static final String API_KEY = "c0ffee00-89ab-cdef-0123-456789abcdef";
    private static final String ADDON = "8895a1b2-0000-4000-8000-000000000001";
    /** pg_dump's error in the failed transfer's logs, quoting a row as the server's DETAIL does. */
    private static final String ROW_VALUE = "alice.liddell@example.com";

    @TempDir
    Path dir;

    private HerokuMimic heroku;
    private final RecordingProgress progress = new RecordingProgress();
    private final RunReport report = new RunReport("restore", null);

    @BeforeEach
    void start() throws Exception {
        heroku = new HerokuMimic(API_KEY);
        heroku.backup("acme-production", 40, true, "2026-06-01 10:00:00 +0000", "2026-06-01 10:05:00 +0000",
                Fixtures.acme("acme-pg15-z0.dump"));
    }

    @AfterEach
    void stop() {
        heroku.close();
    }

    private RestoreResult restore(SourceSpec.Heroku spec, String database, boolean dryRun) {
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings("{project}_{profile}_{date:yyyyMMdd}", "pg_restore"),
                Pipelines.profile("prod", spec));
        SourceContext ctx = Pipelines.sourceContext(progress, dir,
                Map.of("HEROKU_API_KEY", API_KEY, "HEROKU_DATA_HOST", heroku.baseUrl(), "HEROKU_HOST", heroku.baseUrl()))
                .withDryRun(dryRun);
        RestoreCopy pipeline = new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                s -> new HerokuSource((SourceSpec.Heroku) s, ctx, Duration.ofMillis(20)),
                Pipelines.connections(dir), new Sanitizer(), ZoneOffset.UTC));
        return pipeline.run(config, RunOptions.of(config.file()).withDatabase(database).withDryRun(dryRun), report);
    }

    private static SourceSpec.Heroku capture(String app, Duration timeout) {
        return new SourceSpec.Heroku(app, null, null, null, true, timeout);
    }

    /** A capture of {@code app} restored into {@code db} as the backup {@code id}, rows as the fixture's README gives them. */
    private void restoresTheCapture(String app, String db, String id) throws Exception {
        RestoreResult result = restore(capture(app, null), db, false);
        assertThat(result.backup().id()).isEqualTo(id);
        assertThat(Fixtures.acmeChecksums(db)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
    }

    @Test
    void aCaptureThatSucceedsIsRestoredWithProgressWhileItRuns() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON, Capture.succeeds(2, 3, Fixtures.acme("acme-pg15.dump")));
        String db = DBS.newName();

        restoresTheCapture("acme-production", db, "b041");
        assertThat(heroku.requestLog).containsSubsequence("POST /actions/addon-attachments/resolve",
                "POST /client/v11/databases/" + ADDON + "/backups",
                "POST /client/v11/apps/acme-production/transfers/41/actions/public-url");
        assertThat(heroku.requestLog).noneMatch(r -> r.contains("/transfers/40/"));
        assertThat(heroku.capturePolls()).containsEntry(41L, 5);
        // progress: every state it went through, how far it got while running
        assertThat(progress.infos()).anyMatch(l -> l.contains("Capturing a fresh backup b041"))
                .anyMatch(l -> l.equals("Capture b041: pending"))
                .anyMatch(l -> l.startsWith("Capture b041: running, ") && l.contains(" processed"))
                .anyMatch(l -> l.startsWith("Capture b041: succeeded"));
        assertThat(progress.text()).doesNotContain(API_KEY);
    }

    @Test
    void aCaptureThatFailsIsReportedWithItsStateAndNothingIsRestoredOrLeftBehind() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON,
                Capture.fails(2, "pg_dump: error: Dumping the contents of table \"auth_user\" failed: "
                        + "DETAIL: Key (email)=(" + ROW_VALUE + ") already exists."));
        String db = DBS.newName();

        assertThatThrownBy(() -> restore(capture("acme-production", null), db, false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("The capture b041 of acme-production failed (state: failed)")
                .hasMessageContaining("Nothing was restored")
                .hasMessageContaining("heroku pg:backups:info b041")
                .hasMessageNotContaining(ROW_VALUE);
        assertThat(progress.text()).doesNotContain(ROW_VALUE);
        assertThat(heroku.requestLog).noneMatch(r -> r.contains("public-url") || r.startsWith("GET /xfrtu/"));
        assertThat(TestPg.databasesStartingWith(db)).isEmpty();
    }

    @Test
    void pollsThatFailNowAndThenAreAskedAgainAndTooManyInARowStopTheWait() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON, Capture.succeeds(0, 2, Fixtures.acme("acme-pg15.dump")));
        heroku.failingPolls = 3;
        restoresTheCapture("acme-production", DBS.newName(), "b041");

        heroku.database("acme-production", "acme-production", ADDON, Capture.succeeds(0, 2, Fixtures.acme("acme-pg15.dump")));
        heroku.failingPolls = 6;
        String db = DBS.newName();
        assertThatThrownBy(() -> restore(capture("acme-production", null), db, false))
                .hasMessageContaining("Heroku's data API failed 6 times in a row while the capture b042 of acme-production ran")
                .hasMessageContaining("backup: b042");
        assertThat(TestPg.databasesStartingWith(db)).isEmpty();
    }

    @Test
    void aDatabaseHerokuWillNotCaptureAndAnAppWithoutOneAreClearMessages() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON, Capture.succeeds(0, 1, Fixtures.acme("acme-pg15.dump")));
        heroku.shieldAddons.add(ADDON);
        assertThatThrownBy(() -> restore(capture("acme-production", null), DBS.newName(), false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Heroku refused to capture a backup of postgresql-clean-12345 of acme-production (403: "
                        + "Backups of Shield databases cannot be captured.)");
        heroku.app("no-database-app");
        assertThatThrownBy(() -> restore(capture("no-database-app", null), DBS.newName(), false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Heroku app 'no-database-app' has no database attached as DATABASE_URL (404");
    }

    @Test
    void aCanceledCaptureSaysSo() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON,
                new Capture(0, 1, Capture.Outcome.CANCELED, null, null));
        String db = DBS.newName();
        assertThatThrownBy(() -> restore(capture("acme-production", null), db, false))
                .isInstanceOf(UserError.class).hasMessageContaining("b041 of acme-production was canceled (state: canceled)");
        assertThat(TestPg.databasesStartingWith(db)).isEmpty();
    }

    @Test
    void aCaptureThatOutlastsItsTimeoutStopsWaitingAndSaysHowToGoOn() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON, Capture.succeeds(0, 100_000, Fixtures.acme("acme-pg15.dump")));
        String db = DBS.newName();
        assertThatThrownBy(() -> restore(capture("acme-production", Duration.ofMillis(300)), db, false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("did not finish within 300 ms (captureTimeout); it is running, ")
                .hasMessageContaining("backup: b041");
        assertThat(heroku.requestLog).noneMatch(r -> r.contains("public-url"));
        assertThat(TestPg.databasesStartingWith(db)).isEmpty();
    }

    @Test
    void aDryRunCapturesNothingAndSaysItWould() throws Exception {
        heroku.database("acme-production", "acme-production", ADDON, Capture.succeeds(0, 1, Fixtures.acme("acme-pg15.dump")));
        String db = DBS.newName();

        RestoreResult result = restore(capture("acme-production", null), db, true);

        assertThat(result.dryRun()).isTrue();
        assertThat(heroku.requestLog).noneMatch(r -> r.startsWith("POST"));
        assertThat(progress.infos()).anyMatch(l -> l.startsWith("Dry run: capture: true would capture a fresh backup")
                && l.contains("nothing was captured"));
        assertThat(TestPg.databasesStartingWith(db)).isEmpty();
    }

    @Test
    void aDatabaseBilledToAnotherAppIsCapturedAndDownloadedThere() throws Exception {
        heroku.database("acme-web", "acme-data", ADDON, Capture.succeeds(0, 1, Fixtures.acme("acme-pg15.dump")));
        String db = DBS.newName();

        restoresTheCapture("acme-web", db, "b001");
        assertThat(heroku.requestLog).contains("POST /client/v11/apps/acme-data/transfers/1/actions/public-url");
        assertThat(progress.infos()).anyMatch(l -> l.contains("billed to the app acme-data"));
    }
}
