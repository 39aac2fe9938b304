package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeRestoreBehaviourTest {
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_arch_");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg17.dump", "acme-pg15.sql"})
    void excludedTablesKeepTheirSchemaButNoRows(String file) throws Exception {
        String db = dbs.create();
        RecordingProgress progress = NativeRestoreSupport.restore(DumpProbe.probe(Fixtures.acme(file)), db,
                List.of("django_session", "public.\"Order Items\""), true, false);

        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.django_session")).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.\"Order Items\"")).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.auth_user")).isEqualTo(Fixtures.acmeRows("public.auth_user"));
        assertThat(progress.infos()).anyMatch(m -> m.contains("Skipping the rows of") && m.contains("django_session"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg17.dump", "acme-pg15.tar", "acme-pg18.sql"})
    void nothingIsOwnedByTheDumpsRolesAndNoPrivilegeIsGranted(String file) throws Exception {
        String db = dbs.create();
        NativeRestoreSupport.restore(Fixtures.acme(file), db);

        String notMine = """
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('public', 'billing') AND (c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
                       OR c.relacl IS NOT NULL)""";
        assertThat(TestPg.queryOne(db, notMine)).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname IN ('public', 'billing') AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                + " AND p.proname IN ('touch_updated_at', 'invoice_total')")).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT pg_get_userbyid(nspowner) = current_user FROM pg_namespace WHERE nspname = 'billing'"))
                .isEqualTo("t");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_largeobject_metadata "
                + "WHERE lomowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) OR lomacl IS NOT NULL")).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_default_acl")).isEqualTo("0");
        // The policy is restored: its role is a grantee, not an owner.
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_policies WHERE policyname = 'invoice_reader_not_voided'"))
                .isEqualTo("1");
    }

    @Test
    void rolesNamedByPoliciesAreCreatedAsNologinRoles() throws Exception {
        String db = dbs.create();
        String reader = dbs.newRole();
        String quoted = dbs.newRole() + "_Mixed";
        String script = "CREATE TABLE t (id int, owner_name text);\n"
                + "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
                + "CREATE POLICY p ON public.t FOR SELECT TO " + reader + ", \"" + quoted + "\" USING (true);\n";
        try {
            RecordingProgress progress = NativeRestoreSupport.restore(plain(script), db, List.of(), true, false);
            assertThat(TestPg.queryOne("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = '" + reader + "'"))
                    .isEqualTo("f");
            assertThat(TestPg.queryOne("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = '" + quoted + "'"))
                    .isEqualTo("f");
            assertThat(progress.infos()).anyMatch(m -> m.contains("Created role " + reader + " (NOLOGIN)"));
        } finally {
            dbs.drop(db);
            TestPg.execute("postgres", "DROP ROLE IF EXISTS \"" + quoted + "\"");
        }
    }

    @Test
    void withoutCreateMissingRolesAMissingPolicyRoleFailsWithTheLineAndServerMessage() throws Exception {
        String db = dbs.create();
        String missing = dbs.newRole();
        String script = "CREATE TABLE t (id int);\nCREATE POLICY p ON t TO " + missing + " USING (true);\n";
        assertThatThrownBy(() -> NativeRestoreSupport.restore(plain(script), db, List.of(), false, false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("line 2 of test.sql")
                .hasMessageContaining("role \"" + missing + "\" does not exist")
                .hasMessageContaining("Command was: CREATE POLICY p ON t");
    }

    @Test
    void theFirstRejectedStatementStopsTheRestore() throws Exception {
        String db = dbs.create();
        String script = "CREATE TABLE a (x int);\nSELECT no_such_function();\nCREATE TABLE b (x int);\n";
        assertThatThrownBy(() -> NativeRestoreSupport.restore(plain(script), db, List.of(), true, false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Restoring line 2 of test.sql failed: ERROR: function no_such_function() does not exist");
        assertThat(TestPg.queryOne(db, "SELECT to_regclass('public.b')")).isNull();
    }

    @Test
    void leniently_allErrorsAreReportedAtTheEndAndTheRestGoesOn() throws Exception {
        String db = dbs.create();
        String script = "CREATE TABLE a (x int);\nSELECT no_such_function();\nCREATE TABLE b (x int);\n"
                + "INSERT INTO missing VALUES (1);\nCREATE TABLE c (x int);\n";
        assertThatThrownBy(() -> NativeRestoreSupport.restore(plain(script), db, List.of(), true, true))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("finished with 2 error(s)")
                .hasMessageContaining("line 2 of test.sql")
                .hasMessageContaining("line 4 of test.sql")
                .hasMessageContaining("relation \"missing\" does not exist");
        assertThat(TestPg.queryOne(db, "SELECT to_regclass('public.c')")).isEqualTo("c");
    }

    @Test
    void anArchiveStatementTheServerRejectsNamesItsTocEntry() throws Exception {
        String db = dbs.create();
        TestPg.execute(db, "CREATE TABLE public.auth_user (id int)");
        assertThatThrownBy(() -> NativeRestoreSupport.restore(Fixtures.acme("acme-pg17.dump"), db))
                .isInstanceOf(UserError.class)
                .hasMessageMatching("(?s)Restoring TOC entry \\d+ \\(TABLE public\\.auth_user\\) failed: "
                        + "ERROR: relation \"auth_user\" already exists.*");
    }

    @ParameterizedTest(name = "jobs={0}")
    @ValueSource(ints = {1, 3})
    void aFailingIndexStopsTheRestoreWithItsTocEntry(int jobs) throws Exception {
        String db = dbs.create();
        TestPg.execute(db, "CREATE TABLE public.auth_user_staff_idx (id int)");
        assertThatThrownBy(() -> NativeRestoreSupport.restore(DumpProbe.probe(Fixtures.acme("acme-pg18.dump")), db,
                List.of(), true, false, jobs))
                .isInstanceOf(UserError.class)
                .hasMessageMatching("(?s)Restoring TOC entry \\d+ \\(INDEX public\\.auth_user_staff_idx\\) failed: "
                        + "ERROR: relation \"auth_user_staff_idx\" already exists.*");
    }

    @Test
    void leniently_parallelErrorsAreCollectedToo() throws Exception {
        String db = dbs.create();
        TestPg.execute(db, "CREATE TABLE public.auth_user_staff_idx (id int); CREATE TABLE public.django_session_expire_date_idx (id int)");
        assertThatThrownBy(() -> NativeRestoreSupport.restore(DumpProbe.probe(Fixtures.acme("acme-pg18.dump")), db,
                List.of(), true, true, 3))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("finished with 2 error(s)")
                .hasMessageContaining("INDEX public.auth_user_staff_idx")
                .hasMessageContaining("INDEX public.django_session_expire_date_idx");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'store_purchase_metadata_gin'"))
                .isEqualTo("1");
    }

    @Test
    void leniently_anArchiveRestoreGoesOnAndListsEveryError() throws Exception {
        String db = dbs.create();
        TestPg.execute(db, "CREATE TABLE public.django_cache (cache_key text)");
        assertThatThrownBy(() -> NativeRestoreSupport.restore(DumpProbe.probe(Fixtures.acme("acme-pg15.dump")), db,
                List.of(), true, true))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("(TABLE public.django_cache) failed: ERROR: relation \"django_cache\" already exists")
                .hasMessageContaining("(TABLE DATA public.django_cache) failed");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.auth_user")).isEqualTo(Fixtures.acmeRows("public.auth_user"));
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_largeobject_metadata")).isEqualTo(Fixtures.acmeRows("large objects"));
    }

    @Test
    void statisticsTheServerDoesNotKnowAreSkippedWithAWarning() throws Exception {
        String db = dbs.create();
        RecordingProgress progress = NativeRestoreSupport.restore(Fixtures.acme("acme-pg18-stats.dump"), db);
        assertThat(progress.warnings())
                .anyMatch(m -> m.contains("Skipped 48 STATISTICS DATA entries") && m.contains("PostgreSQL 15"))
                // the engine's own session settings are its business, not a warning for the user
                .noneMatch(m -> m.contains("SET transaction_timeout = 0"));
    }

    @Test
    void aPlainScriptFromANewerPgDumpSkipsTransactionTimeout() throws Exception {
        String db = dbs.create();
        RecordingProgress progress = NativeRestoreSupport.restore(Fixtures.acme("acme-pg17.sql"), db);
        assertThat(progress.warnings()).anyMatch(m -> m.contains("SET transaction_timeout = 0"));
    }

    @Test
    void aHerokuDumpGetsItsExtensionSchema() throws Exception {
        String db = dbs.create();
        RecordingProgress progress = NativeRestoreSupport.restore(Fixtures.acme("acme-pg17-heroku.dump"), db);
        assertThat(progress.infos()).anyMatch(m -> m.contains("Created schema heroku_ext"));
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.newsletter_subscriber"))
                .isEqualTo(Fixtures.acmeRows("public.newsletter_subscriber"));
        assertThat(TestPg.queryOne(db, "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'citext'"))
                .isEqualTo("heroku_ext");
    }

    /** Dumps the local pg_dump 15 writes with options the fixtures do not cover, restored again natively. */
    @ParameterizedTest(name = "pg_dump {0}")
    @ValueSource(strings = {"-Fc --inserts", "-Fc --column-inserts --rows-per-insert=7", "-Fd -Z0", "-Fd", "-Ft",
            "-Fp", "-Fc -Z9", "-Fp --inserts"})
    void dumpsOfOtherPgDumpOptionsRestoreToTheSameData(String options, @TempDir Path temp) throws Exception {
        String source = dbs.create();
        NativeRestoreSupport.restore(Fixtures.acme("acme-pg15.dump"), source);
        Path dump = temp.resolve("dump");
        List<String> command = new java.util.ArrayList<>(List.of("pg_dump", "-f", dump.toString()));
        command.addAll(List.of(options.split(" ")));
        TestPg.ToolResult result = TestPg.run(source, command, null);
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        String copy = dbs.create();
        NativeRestoreSupport.restore(DumpProbe.probe(dump), copy, List.of(), true, false);

        assertThat(Fingerprint.data(copy)).isEqualTo(Fingerprint.data(source));
        assertThat(Fingerprint.schema(copy)).isEqualTo(Fingerprint.schema(source));
    }

    private static ProbedDump plain(String script) {
        return DumpProbe.probe(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), "test.sql");
    }

    /** Each table is truncated and loaded with COPY FREEZE in one transaction: every page of its rows is all-frozen. */
    @ParameterizedTest(name = "{0}, jobs {1}")
    @org.junit.jupiter.params.provider.CsvSource({"acme-pg17.dump, 1", "acme-pg17.dump, 2", "acme-pg15.tar, 2"})
    void tablesAreLoadedFrozen(String file, int jobs) throws Exception {
        String db = dbs.create();
        NativeRestoreSupport.restore(DumpProbe.probe(Fixtures.acme(file)), db, List.of(), true, false, jobs);
        TestPg.execute(db, "CREATE EXTENSION pg_visibility");
        String pages = "SELECT pg_relation_size('public.auth_user') / current_setting('block_size')::int";
        assertThat(Long.parseLong(TestPg.queryOne(db, pages))).isPositive();
        assertThat(TestPg.queryOne(db, "SELECT all_frozen FROM pg_visibility_map_summary('public.auth_user')"))
                .isEqualTo(TestPg.queryOne(db, pages));
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.auth_user")).isEqualTo(Fixtures.acmeRows("public.auth_user"));
    }
}
