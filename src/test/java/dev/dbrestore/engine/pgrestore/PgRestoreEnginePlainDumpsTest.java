package dev.dbrestore.engine.pgrestore;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plain fixture dumps through psql and {@link PlainScriptFilter}: every row arrives (the README's
 * checksums), nothing is owned by the dump's roles and no privilege is granted.
 */
class PgRestoreEnginePlainDumpsTest {
    private String database;

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            try (PgAdmin admin = TestPg.admin()) {
                admin.dropForce(database);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg15.sql", "acme-pg15.sql.gz", "acme-pg17.sql", "acme-pg18.sql"})
    void restoresEveryRowWithoutOwnersOrPrivileges(String file) throws Exception {
        assumePsql();
        database = TestPg.uniqueName("t_psql_plain_");
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(database);
        }
        ProbedDump dump = DumpProbe.probe(Fixtures.acme(file));
        RecordingProgress progress = new RecordingProgress();
        try (InputStream ignored = dump.stream()) {
            new PgRestoreEngine().restore(new RestoreRequest(dump, TestPg.server(), database, List.of(), true, null, 1, false),
                    progress);
        }

        try (Connection c = PgAdmin.open(TestPg.server(), database); Statement s = c.createStatement()) {
            assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            try (ResultSet r = s.executeQuery("""
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname IN ('public', 'billing') AND (c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
                           OR c.relacl IS NOT NULL)""")) {
                r.next();
                assertThat(r.getLong(1)).as("relations owned by the dump's roles or with privileges").isZero();
            }
        }
        assertThat(progress.infos()).anyMatch(m -> m.contains("ownership/privilege statement(s) of the plain dump"));
    }

    private static void assumePsql() {
        try {
            new PgTools(null).find("psql");
        } catch (UserError e) {
            assumeTrue(false, "psql is not on the PATH: " + e.getMessage());
        }
    }
}
