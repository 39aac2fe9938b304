package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.HerokuMimic;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the goals' options tell the sources through {@link UseCases}: a dry run, and pgBin. */
class UseCasesSourceContextTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_usesrc_");
    private static final String API_KEY = "d1e2f3a4-89ab-cdef-0123-456789abcdef";

    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();

    private RestoreResult restore(SourceSpec spec, Map<String, String> env, RunOptions extra) {
        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings("{project}_{profile}_{date:yyyyMMdd}", "pg_restore"),
                Pipelines.profile("prod", spec));
        RunOptions options = Pipelines.options(config, env, Map.of()).withDatabase(DBS.newName())
                .withDryRun(extra.dryRun()).withPgBin(extra.pgBin());
        return new UseCases(options, progress, Credentials.NONE, Prompter.NEVER).restore(config)
                .run(config, options, new RunReport("restore", null));
    }

    @Test
    void aDryRunOfTheRestoreGoalCapturesNoHerokuBackup() throws Exception {
        try (HerokuMimic heroku = new HerokuMimic(API_KEY)) {
            heroku.database("acme-production", "acme-production", "8895a1b2-0000-4000-8000-0000000000aa",
                    HerokuMimic.Capture.succeeds(0, 1, Fixtures.acme("acme-pg15.dump")));
            Map<String, String> env = Map.of("HEROKU_API_KEY", API_KEY, "HEROKU_DATA_HOST", heroku.baseUrl(),
                    "HEROKU_HOST", heroku.baseUrl());

            RestoreResult result = restore(new SourceSpec.Heroku("acme-production", null, null, null, true, null), env,
                    RunOptions.of(dir.resolve("x.yml")).withDryRun(true));

            assertThat(result.dryRun()).isTrue();
            assertThat(heroku.requestLog).noneMatch(r -> r.startsWith("POST"));
            assertThat(progress.infos()).anyMatch(l -> l.startsWith("Dry run: capture: true would capture"));
        }
    }

    @Test
    void pgBinOfTheOptionsIsWhereTheDatabaseSourceLooksForPgDump() throws Exception {
        Path noTools = Files.createDirectories(dir.resolve("no-tools"));
        var s = TestPg.server();
        String url = "postgres://" + s.user() + ":" + s.password() + "@" + s.host() + ":" + s.port() + "/postgres";

        assertThatThrownBy(() -> restore(new SourceSpec.Database(url, null, List.of(), List.of()), Map.of(),
                RunOptions.of(dir.resolve("x.yml")).withPgBin(noTools)))
                .hasMessageContaining("pg_dump not found in pgBin " + noTools);
    }
}
