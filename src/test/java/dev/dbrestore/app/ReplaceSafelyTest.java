package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An existing database is never damaged (DESIGN.md): the overwrite swap is one transaction, a lone
 * {@code __replaced} copy goes back under its name, a database dbrestore did not make is replaced
 * only with force, and runs exclude each other whatever maintenance database their target names.
 */
class ReplaceSafelyTest {
    private static final String PREFIX = "t_swap_";

    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();

    @AfterAll
    static void cleanUp() {
        TestPg.dropAll(PREFIX);
    }

    private RunOptions options(ConfigFile config, String database) {
        return RunOptions.of(config.file()).withDatabase(database);
    }

    private ConfigFile config() {
        return Pipelines.config(dir, "acme", Pipelines.settings(null, "native"),
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));
    }

    private String restore(RunOptions options) {
        return Pipelines.pipeline(progress, dir, Prompter.NEVER).run(config(), options, new RunReport("restore", null))
                .database();
    }

    @Test
    void renamesTogetherOrNotAtAll() throws Exception {
        String a = TestPg.uniqueName(PREFIX);
        String b = TestPg.uniqueName(PREFIX);
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(a);
            admin.create(b);
            // a session on b makes the second rename fail after the first one succeeded
            try (Connection busy = PgAdmin.open(TestPg.server(), b)) {
                assertThatThrownBy(() -> admin.renameTogether(List.of(Map.entry(a, a + "_x"), Map.entry(b, a))))
                        .isInstanceOf(UserError.class).hasMessageContaining("other sessions are connected");
                assertThat(busy.isValid(1)).isTrue();
            }
            assertThat(admin.exists(a)).as("the first rename was rolled back").isTrue();
            assertThat(admin.exists(a + "_x")).isFalse();
            assertThat(admin.exists(b)).isTrue();
        }
    }

    @Test
    void aLoneReplacedCopyIsPutBackUnderItsNameByTheNextRestore() throws Exception {
        String db = TestPg.uniqueName(PREFIX);
        ConfigFile config = config();
        restore(options(config, db));
        try (PgAdmin admin = TestPg.admin()) {
            // what a kill -9 between two separate renames used to leave
            admin.rename(db, db + "__replaced");
        }
        assertThatThrownBy(() -> restore(options(config, db))).isInstanceOf(UserError.class)
                .hasMessageContaining("already exists");
        assertThat(TestPg.exists(db)).isTrue();
        assertThat(TestPg.exists(db + "__replaced")).isFalse();
        assertThat(progress.text()).contains("renamed it back to " + db);
    }

    @Test
    void overwriteRefusesADatabaseDbrestoreDidNotMakeUnlessForced() throws Exception {
        String db = TestPg.uniqueName(PREFIX);
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(db);
        }
        try (Connection c = PgAdmin.open(TestPg.server(), db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices(id int); CREATE TABLE customers(id int)");
        }
        ConfigFile config = config();
        RunOptions overwrite = options(config, db).withOnExists(OnExists.OVERWRITE);

        assertThatThrownBy(() -> restore(overwrite)).isInstanceOf(UserError.class)
                .hasMessageContaining("was not made by dbrestore")
                .hasMessageContaining("2 table(s)")
                .hasMessageContaining("-Ddbrestore.force=true");
        assertThat(tableCount(db)).isEqualTo(2);
        assertThat(TestPg.exists(db + "__restoring")).isFalse();

        restore(overwrite.withForce(true));
        try (PgAdmin admin = TestPg.admin()) {
            assertThat(Provenance.parse(admin.comment(db))).isPresent();
        }
        try (Connection c = PgAdmin.open(TestPg.server(), db)) {
            assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        }
    }

    @Test
    void locksHoldAcrossMaintenanceDatabases() {
        String other = TestPg.uniqueName(PREFIX);
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(other);
        }
        ConnectionSettings s = TestPg.server();
        ConnectionSettings viaOther = new ConnectionSettings(s.host(), s.port(), s.user(), s.password(), other);
        ConnectionSettings viaPostgres = new ConnectionSettings(s.host(), s.port(), s.user(), s.password(), "postgres");
        String name = TestPg.uniqueName(PREFIX);
        try (PgAdmin first = PgAdmin.connect(viaOther); PgAdmin second = PgAdmin.connect(viaPostgres)) {
            assertThat(first.tryLock(name)).isTrue();
            assertThat(second.tryLock(name)).isFalse();
            first.unlock(name);
            assertThat(second.tryLock(name)).isTrue();
            second.unlock(name);
        }
    }

    @Test
    void theLockKeyIsTheDocumentedSha256Prefix() throws Exception {
        try (PgAdmin admin = TestPg.admin(); Statement s = admin.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT ('x' || substr(encode(sha256(convert_to('dbrestore:acme_prod', "
                     + "'UTF8')), 'hex'), 1, 16))::bit(64)::bigint")) {
            rs.next();
            assertThat(PgAdmin.lockKey("acme_prod")).isEqualTo(rs.getLong(1));
        }
    }

    private static int tableCount(String db) {
        try (PgAdmin admin = TestPg.admin()) {
            return admin.tableCount(db);
        }
    }
}
