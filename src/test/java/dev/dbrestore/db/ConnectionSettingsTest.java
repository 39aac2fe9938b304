package dev.dbrestore.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 9: URLs percent-encode names per RFC 3986 and never carry the password. */
class ConnectionSettingsTest {
    private final ConnectionSettings server = new ConnectionSettings("db.local", 5433, "ann lee+dev", "s3cret word", "postgres");

    @Test
    void aSpaceIsPercentEncodedNotAPlus() {
        assertThat(server.url("acme prod+1")).isEqualTo("postgres://ann%20lee%2Bdev@db.local:5433/acme%20prod%2B1");
        assertThat(server.jdbcUrl("acme prod+1")).isEqualTo("jdbc:postgresql://db.local:5433/acme%20prod%2B1");
    }

    @Test
    void unreservedCharactersStayAndOthersAreEncodedAsUtf8() {
        assertThat(server.url("a-b_c.d~e")).endsWith("/a-b_c.d~e");
        assertThat(server.url("café/x?y#z@w:v")).endsWith("/caf%C3%A9%2Fx%3Fy%23z%40w%3Av");
    }

    @Test
    void thePasswordIsInNoRendering() {
        assertThat(server.url("acme")).doesNotContain("s3cret");
        assertThat(server.jdbcUrl("acme")).doesNotContain("s3cret");
        assertThat(server.toString()).isEqualTo("ann lee+dev@db.local:5433").doesNotContain("s3cret");
    }

    @Test
    void theUrlRoundTripsThroughTheResolver() {
        ConnectionSettings parsed = new ConnectionResolver(java.util.Map.of(), java.nio.file.Path.of("/nonexistent"))
                .resolve(new dev.dbrestore.config.TargetSpec(server.url("acme prod+1"), null, null, null, "x", null));
        assertThat(parsed.user()).isEqualTo("ann lee+dev");
        assertThat(parsed.maintenanceDatabase()).isEqualTo("acme prod+1");
    }

    @Test
    void aPlusInAWrittenUrlIsAPlus() {
        ConnectionSettings parsed = new ConnectionResolver(java.util.Map.of(), java.nio.file.Path.of("/nonexistent"))
                .resolve(new dev.dbrestore.config.TargetSpec("postgres://a+b@h/x+y", null, null, null, "x", null));
        assertThat(parsed.user()).isEqualTo("a+b");
        assertThat(parsed.maintenanceDatabase()).isEqualTo("x+y");
    }
}
