package dev.dbrestore.db;

import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.dbrestore.db.ConnectionParameter.APPLICATION_NAME;
import static dev.dbrestore.db.ConnectionParameter.CONNECT_TIMEOUT;
import static dev.dbrestore.db.ConnectionParameter.OPTIONS;
import static dev.dbrestore.db.ConnectionParameter.SSLCERT;
import static dev.dbrestore.db.ConnectionParameter.SSLKEY;
import static dev.dbrestore.db.ConnectionParameter.SSLMODE;
import static dev.dbrestore.db.ConnectionParameter.SSLROOTCERT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, real-world targets: the URL's query parameters, libpq's variables, pg_service.conf and a
 * settings.xml serverId reach the settings the driver and the client tools get, in libpq's order.
 */
class TargetParametersTest {
    @TempDir
    Path home;

    private ConnectionSettings resolve(Map<String, String> env, String url) {
        return new ConnectionResolver(env, home).resolve(new TargetSpec(url, null, null, null, null, null));
    }

    @Test
    void theQueryOfTheUrlIsKeptAndPassedToTheDriverAndTheTools() {
        ConnectionSettings s = resolve(Map.of(), "postgresql://ann:pw@db.example.com:6432/app?sslmode=verify-full"
                + "&sslrootcert=/etc/ca%20dir/root.crt&sslcert=/c/client.crt&sslkey=/c/client.key&connect_timeout=7"
                + "&application_name=nightly&options=-c%20search_path%3Dshop");

        assertThat(s.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(SSLMODE, "verify-full",
                SSLROOTCERT, "/etc/ca dir/root.crt", SSLCERT, "/c/client.crt", SSLKEY, "/c/client.key",
                CONNECT_TIMEOUT, "7", APPLICATION_NAME, "nightly", OPTIONS, "-c search_path=shop"));
        assertThat(s.jdbcProperties()).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", "/etc/ca dir/root.crt").containsEntry("sslcert", "/c/client.crt")
                .containsEntry("sslkey", "/c/client.key").containsEntry("connectTimeout", "7")
                .containsEntry("ApplicationName", "nightly").containsEntry("options", "-c search_path=shop");
        assertThat(s.libpqEnvironment("copy")).containsEntry("PGSSLMODE", "verify-full")
                .containsEntry("PGSSLROOTCERT", "/etc/ca dir/root.crt").containsEntry("PGSSLCERT", "/c/client.crt")
                .containsEntry("PGSSLKEY", "/c/client.key").containsEntry("PGCONNECT_TIMEOUT", "7")
                .containsEntry("PGAPPNAME", "nightly").containsEntry("PGOPTIONS", "-c search_path=shop")
                .containsEntry("PGPASSWORD", "pw").containsEntry("PGDATABASE", "copy");
        assertThat(s.url("copy")).isEqualTo("postgres://ann@db.example.com:6432/copy?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fca%20dir%2Froot.crt&sslcert=%2Fc%2Fclient.crt&sslkey=%2Fc%2Fclient.key"
                + "&connect_timeout=7&application_name=nightly&options=-c%20search_path%3Dshop");
        assertThat(s.jdbcUrl("copy")).startsWith("jdbc:postgresql://db.example.com:6432/copy?sslmode=verify-full&")
                .contains("&connectTimeout=7&ApplicationName=nightly&").doesNotContain("pw");
    }

    @Test
    void everyUrlFormIsAccepted() {
        ConnectionSettings expected = new ConnectionSettings("db.local", 5433, "ann", "pw", "app", Map.of(SSLMODE, "require"));
        assertThat(resolve(Map.of(), "postgres://ann:pw@db.local:5433/app?sslmode=require")).isEqualTo(expected);
        assertThat(resolve(Map.of(), "postgresql://ann:pw@db.local:5433/app?sslmode=require")).isEqualTo(expected);
        assertThat(resolve(Map.of(), "jdbc:postgresql://db.local:5433/app?user=ann&password=pw&sslmode=require"))
                .isEqualTo(expected);
        // libpq reads ssl=true as sslmode=require, pgjdbc as verify-full: each URL keeps its meaning
        assertThat(resolve(Map.of(), "postgres://ann:pw@db.local:5433/app?ssl=true")).isEqualTo(expected);
        assertThat(resolve(Map.of(), "jdbc:postgresql://db.local:5433/app?ssl=true&ApplicationName=x&connectTimeout=3")
                .parameters()).isEqualTo(Map.of(SSLMODE, "verify-full", APPLICATION_NAME, "x", CONNECT_TIMEOUT, "3"));
        assertThat(resolve(Map.of(), "postgres://[::1]:5433/app").url("x")).isEqualTo("postgres://" 
                + System.getProperty("user.name") + "@[::1]:5433/x");
    }

    @Test
    void aParameterDbrestoreCannotPassOnIsAnErrorNamingItNotItsValue() {
        assertThatThrownBy(() -> resolve(Map.of(), "postgres://u:pw@h/db?sslcrl=secret-crl-path"))
                .isInstanceOf(UserError.class).hasMessageContaining("'sslcrl'").hasMessageContaining("sslmode, sslrootcert")
                .hasMessageNotContaining("secret-crl-path");
        assertThatThrownBy(() -> resolve(Map.of(), "postgres://u:pw@h/db?sslmode=verify_full"))
                .isInstanceOf(UserError.class).hasMessageContaining("verify-ca, verify-full");
        assertThatThrownBy(() -> resolve(Map.of("PGCONNECT_TIMEOUT", "soon"), null))
                .isInstanceOf(UserError.class).hasMessageContaining("PGCONNECT_TIMEOUT");
        assertThatThrownBy(() -> resolve(Map.of(), "jdbc:postgresql://h1:5432,h2:5432/db"))
                .isInstanceOf(UserError.class).hasMessageContaining("several hosts");
        assertThatThrownBy(() -> resolve(Map.of(), "jdbc:postgres://h/db")).isInstanceOf(UserError.class)
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void libpqVariablesFillWhatTheUrlLeavesOut() {
        Map<String, String> env = Map.of("PGSSLMODE", "require", "PGSSLROOTCERT", "/env/root.crt",
                "PGCONNECT_TIMEOUT", "4", "PGAPPNAME", "from-env");
        ConnectionSettings s = resolve(env, "postgres://u:pw@h/db?sslmode=verify-ca");
        assertThat(s.parameters()).isEqualTo(Map.of(SSLMODE, "verify-ca", SSLROOTCERT, "/env/root.crt",
                CONNECT_TIMEOUT, "4", APPLICATION_NAME, "from-env"));
    }

    @Test
    void paramsInTheYamlBeatTheUrlAndTheEnvironment() {
        TargetSpec spec = new TargetSpec("postgres://u:pw@h/db?sslmode=require", null, null, null, null, null,
                null, null, Map.of("sslmode", "verify-full"));
        assertThat(new ConnectionResolver(Map.of("PGSSLMODE", "disable"), home).resolve(spec).parameters())
                .isEqualTo(Map.of(SSLMODE, "verify-full"));
    }

    @Test
    void aServiceOfPgServiceConfIsReadBeforeTheEnvironmentAndAfterTheUrl() throws Exception {
        Files.writeString(home.resolve(".pg_service.conf"), """
                # a comment
                [other]
                host=wrong.example.com

                [dev]
                host = dev.example.com
                port=6543
                dbname=devdb
                user=dev
                sslmode=verify-full
                connect_timeout=9
                """);
        Map<String, String> env = Map.of("PGSERVICE", "dev", "PGHOST", "env.example.com", "PGPASSWORD", "env-pw",
                "PGSSLMODE", "disable", "PGAPPNAME", "env-app");
        ConnectionSettings s = resolve(env, null);
        assertThat(s).isEqualTo(new ConnectionSettings("dev.example.com", 6543, "dev", "env-pw", "devdb",
                Map.of(SSLMODE, "verify-full", CONNECT_TIMEOUT, "9", APPLICATION_NAME, "env-app")));

        ConnectionSettings url = resolve(env, "postgres://ann@url.example.com/app?service=dev&sslmode=require");
        assertThat(url.host()).isEqualTo("url.example.com");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.user()).isEqualTo("ann");
        assertThat(url.parameters()).containsEntry(SSLMODE, "require");
    }

    @Test
    void pgServiceFileAndPgSysconfDirNameTheFiles() throws Exception {
        Path user = Files.writeString(home.resolve("services.conf"), "[a]\nhost=from-user-file\n");
        Path sysconf = Files.createDirectories(home.resolve("etc"));
        Files.writeString(sysconf.resolve("pg_service.conf"), "[a]\nhost=from-sysconf\n[b]\nhost=only-in-sysconf\n");
        Map<String, String> env = new HashMap<>(Map.of("PGSERVICEFILE", user.toString(), "PGSYSCONFDIR", sysconf.toString()));
        env.put("PGSERVICE", "a");
        assertThat(resolve(env, null).host()).isEqualTo("from-user-file");
        env.put("PGSERVICE", "b");
        assertThat(resolve(env, null).host()).isEqualTo("only-in-sysconf");
        env.put("PGSERVICE", "c");
        assertThatThrownBy(() -> resolve(env, null)).isInstanceOf(UserError.class)
                .hasMessageContaining("'c'").hasMessageContaining("PGSERVICEFILE");
    }

    @Test
    void aServiceWithAKeywordDbrestoreCannotPassOnIsAnErrorNotASilentDrop() throws Exception {
        Files.writeString(home.resolve(".pg_service.conf"), "[dev]\nhost=h\ntarget_session_attrs=read-write\n");
        TargetSpec spec = new TargetSpec(null, null, null, null, null, null, null, "dev", Map.of());
        assertThatThrownBy(() -> new ConnectionResolver(Map.of(), home).resolve(spec)).isInstanceOf(UserError.class)
                .hasMessageContaining("line 3").hasMessageContaining("'target_session_attrs'");
    }

    @Test
    void serverIdGivesUserAndPasswordAfterTheUrlAndBeforePgpassword() throws Exception {
        ServerLogins settings = id -> id.equals("local-pg")
                ? Optional.of(new ServerLogins.Login("from-settings", "settings-pw")) : Optional.empty();
        Files.writeString(home.resolve(".pgpass"), "*:*:*:*:pgpass-pw\n");
        ConnectionResolver resolver = new ConnectionResolver(Map.of("PGUSER", "env-user", "PGPASSWORD", "env-pw"), home).withLogins(settings);

        ConnectionSettings byId = resolver.resolve(new TargetSpec("postgres://h/db", null, null, null, null, null,
                "local-pg", null, Map.of()));
        assertThat(byId.user()).isEqualTo("from-settings");
        assertThat(byId.password()).isEqualTo("settings-pw");

        ConnectionSettings urlFirst = resolver.resolve(new TargetSpec("postgres://ann:url-pw@h/db", null, null, null,
                null, null, "local-pg", null, Map.of()));
        assertThat(urlFirst.user()).isEqualTo("ann");
        assertThat(urlFirst.password()).isEqualTo("url-pw");

        assertThatThrownBy(() -> resolver.resolve(new TargetSpec("postgres://h/db", null, null, null, null, null,
                "no-such-server", null, Map.of()))).isInstanceOf(UserError.class)
                .hasMessageContaining("'no-such-server'").hasMessageContaining("settings.xml");
    }
}
