package dev.dbrestore.db;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 17 items 4 and 9: the first connection's failures each get one message that says what to do. */
class ConnectionErrorsTest {

    @Test
    void aMissingPasswordSaysWhereAPasswordCanComeFrom() {
        ConnectionSettings real = TestPg.server();
        ConnectionSettings noPassword = new ConnectionSettings(real.host(), real.port(), real.user(), null, "postgres");
        assertThatThrownBy(() -> PgAdmin.connect(noPassword))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("asks for a password and none was given")
                .hasMessageContaining("target.url").hasMessageContaining("target.password")
                .hasMessageContaining("PGPASSWORD").hasMessageContaining("~/.pgpass")
                .hasMessageNotContaining("SCRAM");
    }

    @Test
    void onWindowsThePasswordFileIsNamedWhereLibpqReadsIt() {
        ConnectionSettings server = new ConnectionSettings("db.local", 5432, "app", null, "postgres");
        java.sql.SQLException noPassword = new java.sql.SQLException(
                "The server requested SCRAM-based authentication, but no password was provided.", "08004");
        org.assertj.core.api.Assertions.assertThat(PgAdmin.connectionError(server, "postgres", noPassword,
                        dev.dbrestore.support.Platform.WINDOWS).getMessage())
                .contains("a %APPDATA%\\postgresql\\pgpass.conf line").doesNotContain("~/.pgpass", "0600");
        java.sql.SQLException refused = new java.sql.SQLException("FATAL: password authentication failed", "28P01");
        org.assertj.core.api.Assertions.assertThat(PgAdmin.connectionError(server, "postgres", refused,
                        dev.dbrestore.support.Platform.WINDOWS).getMessage())
                .endsWith("PGPASSWORD or %APPDATA%\\postgresql\\pgpass.conf.");
    }

    @Test
    void aWrongPasswordSaysWhereToSetIt() {
        ConnectionSettings real = TestPg.server();
        ConnectionSettings wrong = new ConnectionSettings(real.host(), real.port(), real.user(), "not-the-password", "postgres");
        assertThatThrownBy(() -> PgAdmin.connect(wrong))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("refused the login").hasMessageContaining("PGPASSWORD")
                .hasMessageNotContaining("..");
    }

    @Test
    void aClosedPortSaysOnePeriodThenWhatToCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectionSettings closed = new ConnectionSettings("127.0.0.1", port, "nobody", null, "postgres");
        assertThatThrownBy(() -> PgAdmin.connect(closed))
                .isInstanceOf(Fault.class)
                .hasMessageContaining("Is the server running?")
                .hasMessageNotContaining("..");
    }
}
