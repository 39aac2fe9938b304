package dev.dbrestore.sanitize;

import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** sanitize: SQL files run over JDBC against copies of the acme fixture. */
class SqlFileRunnerTest {
    private static Map<String, String> sourceFirstNames;
    private static Map<String, String> sourceSubscriberNames;

    @TempDir
    Path dir;
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_san_");
    private String copy;
    private final RecordingProgress progress = new RecordingProgress();

    @BeforeAll
    static void readSource() throws SQLException {
        sourceFirstNames = TestPg.column(TestPg.acmeTemplate(), "auth_user", "id", "first_name");
        sourceSubscriberNames = TestPg.column(TestPg.acmeTemplate(), "newsletter_subscriber", "id", "name");
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private SanitizeResult sanitize(String... entries) throws SQLException {
        Profile profile = Profiles.profile(List.of(entries), List.of(), List.of(), Map.of());
        try (Connection c = TestPg.connect(copy)) {
            return new Sanitizer().sanitize(c, profile, Profiles.settings(PiiCheckMode.OFF, null), dir, progress);
        }
    }

    @Test
    void aFailingStatementReportsFileLineAndServerMessageAndRollsBackItsFile() throws Exception {
        copy = dbs.copyOfAcme();
        write("sql/01-subscribers.sql", "UPDATE newsletter_subscriber SET name = 'anon';\n");
        write("sql/02-users.sql", """
                -- users
                UPDATE auth_user SET first_name = 'x';

                UPDATE auth_user
                   SET last_name = 'y',
                       phone = no_such_column;
                UPDATE auth_user SET email = 'never';
                """);
        write("sql/03-never.sql", "UPDATE newsletter_subscriber SET name = 'never';\n");
        write("sql/notes.txt", "not SQL, not run");

        SanitizeFailed failure = catchThrowableOfType(() -> sanitize("sql/"), SanitizeFailed.class);

        assertThat(failure).hasMessage("sanitize failed in sql/02-users.sql line 6: ERROR: column \"no_such_column\" "
                + "does not exist. The file was rolled back.");
        assertThat(failure.result().steps()).extracting(SanitizeResult.Step::name).containsExactly("sql sql/01-subscribers.sql");
        assertThat(TestPg.column(copy, "auth_user", "id", "first_name")).isEqualTo(sourceFirstNames);
        // the earlier file was committed (the pipeline drops the whole staging database on failure)
        assertThat(TestPg.column(copy, "newsletter_subscriber", "id", "name").values()).containsOnly("anon");
    }

    @Test
    void aPsqlMetaCommandInAnyFileStopsTheRunBeforeTheFirstFileChangesAnything() throws Exception {
        copy = dbs.copyOfAcme();
        write("a.sql", "UPDATE newsletter_subscriber SET name = 'anon';\n");
        write("b.sql", "UPDATE auth_user SET first_name = 'x';\n\\set ON_ERROR_STOP on\n");

        assertThatThrownBy(() -> sanitize("a.sql", "b.sql"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("b.sql line 2: psql meta-command \\set is not SQL");
        assertThat(TestPg.column(copy, "newsletter_subscriber", "id", "name")).isEqualTo(sourceSubscriberNames);
    }

    @Test
    void realWorldScriptsRunAsTheyAre() throws Exception {
        copy = dbs.copyOfAcme();
        write("1-functions.sql", """
                /* helpers for the masking below */
                SET search_path = billing, public;
                CREATE FUNCTION public.fake_name(n text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
                BEGIN
                  -- a semicolon; and 'quotes' in a comment inside the body
                  RETURN 'Name ' || length(n) || E'\\'s';
                END
                $fn$;
                CREATE FUNCTION public.plus_one(i int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT i + 1;
                END;
                DO $$
                DECLARE changed int;
                BEGIN
                  UPDATE public.auth_user SET first_name = fake_name(first_name);
                  GET DIAGNOSTICS changed = ROW_COUNT;
                  RAISE NOTICE 'renamed % users', changed;
                END
                $$;
                """);
        write("2-more.sql", """
                -- search_path from the other file must not apply here: auth_user is in public
                UPDATE auth_user SET last_name = 'Doe' || plus_one(id) WHERE id <= 10;
                TRUNCATE django_session, django_cache CASCADE;
                """);

        SanitizeResult result = sanitize("1-functions.sql", "2-more.sql");

        assertThat(result.steps()).extracting(SanitizeResult.Step::name, SanitizeResult.Step::rows)
                .startsWith(org.assertj.core.groups.Tuple.tuple("sql 1-functions.sql", 0L), // a DO block reports no row count
                        org.assertj.core.groups.Tuple.tuple("sql 2-more.sql", 10L));
        assertThat(progress.text()).contains("1-functions.sql line 13: renamed 500 users");
        assertThat(TestPg.column(copy, "auth_user", "id", "first_name").get("1")).matches("Name \\d+'s");
        assertThat(TestPg.column(copy, "auth_user", "id", "last_name").get("1")).isEqualTo("Doe2");
        assertThat(Fixtures.acmeRowCounts(copy)).containsEntry("public.django_session", 0L);
    }

    @Test
    void anErrorInsideADoBlockNamesThePlpgsqlLine() throws Exception {
        copy = dbs.copyOfAcme();
        write("do.sql", "SELECT 1;\nDO $$\nBEGIN\n  UPDATE auth_user SET nope = 1;\nEND $$;\n");
        assertThatThrownBy(() -> sanitize("do.sql"))
                .hasMessage("sanitize failed in do.sql line 2: ERROR: column \"nope\" of relation \"auth_user\" does not "
                        + "exist (in PL/pgSQL function inline_code_block line 3 at SQL statement). The file was rolled back.");
    }

    @Test
    void aMissingFileIsNamedWithWhereItWasLookedFor() {
        assertThatThrownBy(() -> SqlFile.load(dir, List.of("sql/nope.sql")))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("sanitize: sql/nope.sql does not exist (looked for " + dir.resolve("sql/nope.sql"));
    }
}
