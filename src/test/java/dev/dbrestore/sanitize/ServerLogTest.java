package dev.dbrestore.sanitize;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.EmbeddedSpec;
import dev.dbrestore.config.LeakScanMode;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.testing.EmbeddedPg;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's own log, as talkative as a careful admin makes it ({@code log_statement = all},
 * {@code log_min_duration_statement = 0}, bound parameters logged in full), never holds a raw value
 * of a masked column, the salt or the HMAC key: neither when the rules run in the restore stream nor
 * when they run as the UPDATE after the load, and neither for a superuser nor for a role that cannot
 * change any logging setting of its session. The shared test server is not ours to reconfigure, so
 * the test starts an embedded PostgreSQL 15 of its own (own data folder and port), and stops it after.
 */
class ServerLogTest {
    private static final String SALT = "server-log-salt-" + UUID.randomUUID();
    private static final String RESTORER = "dbrestore_restorer";
    private static final String RESTORER_PASSWORD = "restorer-pw-" + UUID.randomUUID();
    /** A server of its own: the port and data folder of no other test. */
    private static final EmbeddedSpec SERVER = new EmbeddedSpec("15", EmbeddedPg.port(15) + 4,
            EmbeddedPg.dataDir().resolveSibling("postgres-serverlog").toString(), null);
    private static final Path LOG = Path.of(SERVER.dataDir(), "15", "server.log");

    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_srvlog_");
    @TempDir
    static Path dir;
    private static ProbeDump probe;
    private static ConnectionSettings superuser;

    private final RecordingProgress progress = new RecordingProgress();

    /** The probe dump (made on the shared server), and the embedded server logging everything. */
    @BeforeAll
    static void aServerThatLogsEverything() throws Exception {
        probe = ProbeDump.make(DBS, dir);
        superuser = EmbeddedPg.servers(new RecordingProgress()).connect(SERVER, -1);
        try (Connection c = PgAdmin.open(superuser, "postgres"); Statement s = c.createStatement()) {
            for (String setting : List.of("log_statement = 'all'", "log_min_duration_statement = 0",
                    "log_parameter_max_length = -1", "log_parameter_max_length_on_error = -1",
                    "log_min_messages = 'info'", "log_min_error_statement = 'info'", "log_error_verbosity = 'verbose'",
                    "log_connections = on", "log_disconnections = on", "log_temp_files = 0")) {
                s.execute("ALTER SYSTEM SET " + setting);
            }
            s.execute("SELECT pg_reload_conf()");
            for (String role : TestPg.ACME_ROLES) {
                s.execute("DO $$ BEGIN CREATE ROLE " + role + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            }
            s.execute("DO $$ BEGIN CREATE ROLE " + RESTORER + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("ALTER ROLE " + RESTORER + " LOGIN CREATEDB NOSUPERUSER PASSWORD '" + RESTORER_PASSWORD + "'");
        }
        // a new session sees the reloaded settings once the postmaster has read them
        long until = System.currentTimeMillis() + 10_000;
        while (!"all".equals(query(superuser.user(), superuser.password(), "SHOW log_statement"))) {
            assertThat(System.currentTimeMillis()).as("log_statement = all after pg_reload_conf()").isLessThan(until);
            Thread.sleep(50);
        }
    }

    /** Stopped after the tests; its cluster stays for the next run, its log (megabytes a run) goes. */
    @AfterAll
    static void stopTheServer() throws IOException {
        EmbeddedPg.servers(new RecordingProgress()).stop(SERVER);
        Files.deleteIfExists(LOG);
    }

    @ParameterizedTest(name = "as {0}, masked {1}")
    @CsvSource({"dbrestore_restorer, in the stream", "dbrestore_restorer, by the UPDATE",
            "postgres, in the stream", "postgres, by the UPDATE"})
    void theServerLogHoldsNoRawValueNoSaltAndNoKey(String user, String path) throws Exception {
        String password = user.equals(RESTORER) ? RESTORER_PASSWORD : superuser.password();
        boolean update = path.equals("by the UPDATE");
        if (user.equals(RESTORER)) {
            // the role that matters: it can hide nothing from the log
            assertThat(query(user, password, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                    .isEqualTo("false");
            assertThatThrownBy(() -> query(user, password, "SET log_parameter_max_length = 0"))
                    .hasMessageContaining("permission denied");
        }
        long start = Files.size(LOG);
        String marker = "server-log-marker-" + UUID.randomUUID();
        query(user, password, "SELECT '" + marker + "-start'");
        String db = TestPg.uniqueName("t_srvlog_");
        try {
            restore(user, password, db, ProbeDump.rules(update ? "id > 0" : null));
            String log = logSince(start, marker + "-end", user, password);
            // masked (read after the log: a query naming the probe would put it there)
            assertThat(query(user, password, db, "SELECT count(*) FROM auth_user WHERE email NOT LIKE '%@example.invalid'"))
                    .isEqualTo("0");
            assertThat(query(user, password, db, "SELECT string_agg(email || ' ' || phone, ',') FROM auth_user"))
                    .doesNotContain(probe.email()).doesNotContain(probe.phone());

            // positive controls: the right file, every statement in it, the key's way in included
            List<String> expected = new ArrayList<>(List.of(marker + "-start", "statement: COPY public.auth_user (",
                    "duration: "));
            // the key's way in: COPY into the session's key table, then set_config from it
            String keyWayIn = "FROM pg_temp.dbrestore_mask_key";
            if (update) {
                assertThat(progress.text()).contains("Sanitize mask public.auth_user (4 columns, where id > 0)");
                expected.add(": UPDATE \"public\".\"auth_user\" SET");
                expected.add(keyWayIn);
            } else {
                assertThat(progress.text())
                        .contains("Masking public.auth_user in the restore stream: email, phone, first_name, last_name");
                assertThat(linesWith(log, List.of("UPDATE \"public\".\"auth_user\""))).isEmpty();
                // every rule ran in the stream: the key never went to the server at all
                assertThat(linesWith(log, List.of("dbrestore_mask_key"))).isEmpty();
            }
            for (String statement : expected) {
                assertThat(log.contains(statement)).as("%s has a line with %s", LOG, statement).isTrue();
            }
            // no raw value, no salt, no key (a cut-off key neither)
            Pseudonyms key = new Pseudonyms(SALT);
            assertThat(linesWith(log, List.of(probe.email(), probe.phone(), "acme-probe", SALT,
                    key.innerPadHex().substring(0, 32), key.outerPadHex().substring(0, 32))))
                    .as("lines of %s with a raw value, the salt or the key", LOG).isEmpty();
        } finally {
            try (PgAdmin admin = PgAdmin.connect(superuser)) {
                admin.dropForce(db);
            }
        }
    }

    /** The lines of {@code log} holding one of {@code needles}, case ignored (only these are printed when a check fails). */
    private static List<String> linesWith(String log, List<String> needles) {
        return log.lines().filter(line -> needles.stream()
                .anyMatch(n -> line.toLowerCase(Locale.ROOT).contains(n.toLowerCase(Locale.ROOT)))).toList();
    }

    private void restore(String user, String password, String database, List<MaskRule> rules) {
        TargetSpec target = new TargetSpec(null, superuser.host(), superuser.port(), user, password, null);
        Settings settings = new Settings(target, null, null, null, null, null, null, null, "native", null,
                null, null, SALT, null, LeakScanMode.WARN);
        Profile profile = new Profile("prod", true, new SourceSpec.File(probe.file().toString()), List.of(), rules,
                Map.of(), List.of(), List.of(), null, Settings.empty());
        ConfigFile config = Pipelines.config(dir, "acme", settings, profile);
        new RestoreCopy(new RestoreCopy.Context(progress, Prompter.NEVER,
                spec -> new FileSource(((SourceSpec.File) spec).path(), dir, dir), new ConnectionResolver(Map.of(), dir),
                new Sanitizer(), ZoneOffset.UTC))
                .run(config, RunOptions.of(config.file()).withDatabase(database), new RunReport("restore", null));
    }

    /**
     * The log written from byte {@code start} on, read once the statement {@code SELECT 'end'} (run
     * now) is in it: everything the restore made the server log is there by then.
     */
    private static String logSince(long start, String end, String user, String password) throws Exception {
        query(user, password, "SELECT '" + end + "'");
        long until = System.currentTimeMillis() + 10_000;
        while (true) {
            String log = read(start);
            if (log.contains(end) || System.currentTimeMillis() > until) {
                assertThat(log.contains(end)).as("the marker query %s in %s", end, LOG).isTrue();
                return log;
            }
            Thread.sleep(50);
        }
    }

    private static String read(long start) throws IOException {
        try (InputStream in = Files.newInputStream(LOG)) {
            in.skipNBytes(start);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String query(String user, String password, String sql) throws SQLException {
        return query(user, password, "postgres", sql);
    }

    private static String query(String user, String password, String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + superuser.host() + ":" + superuser.port()
                + "/" + database, user, password); Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
