package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.ChildEnvironment;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14: a TLS-only target (a server of its own whose pg_hba.conf has only hostssl lines, its
 * certificate for localhost signed by a CA made in the test) is reached with the usual
 * {@code ?sslmode=verify-full&sslrootcert=…} URL, by the driver and by the client tools; a CA that did
 * not sign the certificate, a host the certificate does not name and a plain connection each fail
 * with one message that says what to change, and leave nothing behind.
 */
class TlsTargetTest {
    @TempDir
    static Path serverDir;
    private static TlsPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = TlsPostgres.start(serverDir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String url(String host, String sslmode, Path rootCert) {
        return "postgres://" + TlsPostgres.USER + ":" + server.password() + "@" + host + ":" + server.port()
                + "/postgres?sslmode=" + sslmode + "&sslrootcert=" + rootCert;
    }

    private ConnectionSettings resolve(String url) {
        return new ConnectionResolver(Map.of(), dir).resolve(new TargetSpec(url, null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "pg_restore"})
    void verifyFullRestoresOverTls(String engine) throws Exception {
        String url = url("localhost", "verify-full", server.rootCert());
        Settings settings = new Settings(new TargetSpec(url, null, null, null, null, null), null, null, null, null,
                null, null, null, engine, true, null, null, null, null);
        ConfigFile config = Pipelines.config(dir, "tls", settings,
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));
        String database = "acme_tls_" + engine;

        RestoreResult result = Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(database), new RunReport("restore", null));

        assertThat(result.url()).endsWith("/" + database + "?sslmode=verify-full&sslrootcert="
                + server.rootCert().toString().replace("/", "%2F"));
        try (Connection c = PgAdmin.open(resolve(url), database)) {
            assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            assertThat(one(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
    }

    @Test
    void aClientCertificateLogsInTheDriverAndPgRestoreWithoutAPassword() throws Exception {
        String url = "postgres://" + TlsPostgres.CERT_USER + "@localhost:" + server.port() + "/postgres?sslmode=verify-full"
                + "&sslrootcert=" + server.rootCert() + "&sslcert=" + server.clientCert() + "&sslkey=" + server.clientKey();
        Settings settings = new Settings(new TargetSpec(url, null, null, null, null, null), null, null, null, null,
                null, null, null, "pg_restore", true, null, null, null, null);
        ConfigFile config = Pipelines.config(dir, "tls", settings,
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));

        RestoreResult result = Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase("acme_tls_cert"), new RunReport("restore", null));

        ConnectionSettings byCertificate = resolve(url);
        assertThat(byCertificate.password()).isNull();
        try (Connection c = PgAdmin.open(byCertificate, result.database())) {
            assertThat(Fixtures.acmeChecksums(c)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
            assertThat(one(c, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .isEqualTo("/CN=" + TlsPostgres.CERT_USER);
        }
    }

    @Test
    void theClientToolsGetTheSameTlsSettings() throws Exception {
        assertThat(psql(resolve(url("localhost", "verify-full", server.rootCert())))).isEqualTo("0 t");
        Psql distrusted = psqlRun(resolve(url("localhost", "verify-full", server.otherCa())));
        assertThat(distrusted.exit()).isNotZero();
        assertThat(distrusted.output()).contains("certificate verify failed");
    }

    @Test
    void aCaThatDidNotSignTheCertificateIsRefusedWithWhatToChange() throws Exception {
        String url = url("localhost", "verify-full", server.otherCa());
        Settings settings = new Settings(new TargetSpec(url, null, null, null, null, null), null, null, null, null,
                null, null, null, "native", true, null, null, null, null);
        ConfigFile config = Pipelines.config(dir, "tls", settings,
                Pipelines.fileProfile("local", Fixtures.acme("acme-pg15.dump")));

        assertThatThrownBy(() -> Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase("acme_tls_wrong_ca"), new RunReport("restore", null)))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("The TLS certificate of PostgreSQL at postgres@localhost:" + server.port()
                        + " was not accepted (sslmode=verify-full, sslrootcert=" + server.otherCa() + ")")
                .hasMessageContaining("signed by the CA in sslrootcert")
                .hasMessageNotContaining(server.password());
        try (PgAdmin admin = PgAdmin.connect(resolve(url("localhost", "verify-full", server.rootCert())))) {
            assertThat(admin.exists("acme_tls_wrong_ca")).isFalse();
        }
    }

    @Test
    void aHostTheCertificateDoesNotNameFailsVerifyFullButPassesVerifyCa() {
        assertThatThrownBy(() -> PgAdmin.connect(resolve(url("127.0.0.1", "verify-full", server.rootCert()))).close())
                .isInstanceOf(UserError.class).hasMessageContaining("was not accepted")
                .hasMessageContaining("name the host 127.0.0.1");
        PgAdmin.connect(resolve(url("127.0.0.1", "verify-ca", server.rootCert()))).close();
    }

    @Test
    void aPlainConnectionToATlsOnlyServerSaysToSetSslmode() {
        assertThatThrownBy(() -> PgAdmin.connect(resolve(url("localhost", "disable", server.rootCert()))).close())
                .isInstanceOf(UserError.class).hasMessageContaining("refused a connection without TLS").hasMessageContaining("accepts only TLS connections needs sslmode")
                .hasMessageContaining("sslmode=verify-full");
    }

    private static String one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private record Psql(int exit, String output) {
    }

    /** psql as the pg_restore engine runs its tools: the target's libpq environment, nothing on the command line. */
    private static Psql psqlRun(ConnectionSettings target) throws Exception {
        ProcessBuilder psql = new ProcessBuilder(new ArrayList<>(List.of("psql", "-X", "-A", "-t", "-F", " ", "-c",
                "SELECT count(*) FILTER (WHERE NOT ssl), bool_and(ssl) FROM pg_stat_ssl WHERE pid = pg_backend_pid()")))
                .redirectErrorStream(true);
        ChildEnvironment.connectTo(psql.environment(), target.libpqEnvironment("postgres"));
        ChildEnvironment.englishMessages(psql.environment());
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Psql(process.waitFor(), output);
    }

    private static String psql(ConnectionSettings target) throws Exception {
        Psql run = psqlRun(target);
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output();
    }
}
