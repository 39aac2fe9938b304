package dev.dbrestore.db;

import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionResolverTest {
    @TempDir
    Path home;

    @Test
    void urlGivesEverythingAndIsDecoded() {
        ConnectionSettings s = new ConnectionResolver(Map.of(), home)
                .resolve(new TargetSpec("postgres://ann:p%40ss@db.local:6543/maint", null, null, null, null, null));
        assertThat(s).isEqualTo(new ConnectionSettings("db.local", 6543, "ann", "p@ss", "maint"));
        assertThat(s.url("acme")).isEqualTo("postgres://ann@db.local:6543/acme");
        assertThat(s.jdbcUrl("acme")).isEqualTo("jdbc:postgresql://db.local:6543/acme");
        assertThat(s.toString()).doesNotContain("p@ss");
    }

    @Test
    void libpqEnvironmentFillsTheGaps() {
        Map<String, String> env = Map.of("PGHOST", "/var/run/postgresql", "PGPORT", "5433", "PGUSER", "bob", "PGPASSWORD", "pw1234");
        ConnectionSettings s = new ConnectionResolver(env, home).resolve(TargetSpec.empty());
        assertThat(s).isEqualTo(new ConnectionSettings("localhost", 5433, "bob", "pw1234", "postgres"));
    }

    @Test
    void pgpassSuppliesTheMissingPassword() throws Exception {
        Files.writeString(home.resolve(".pgpass"), "# comment\nother:5432:*:bob:nope\nlocalhost:5432:*:bob:se\\:cret\n");
        ConnectionSettings s = new ConnectionResolver(Map.of(), home)
                .resolve(new TargetSpec(null, "localhost", 5432, "bob", null, null));
        assertThat(s.password()).isEqualTo("se:cret");
    }

    @Test
    void badUrlIsAClearErrorWithoutTheSecret() {
        assertThatThrownBy(() -> new ConnectionResolver(Map.of(), home)
                .resolve(new TargetSpec("mysql://u:topsecret@h/db", null, null, null, null, null)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("topsecret");
    }
}
