package dev.dbrestore.sanitize;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/**
 * The server's words for a failed statement, fit for a log line: severity, message, hint and the
 * PL/pgSQL location. The DETAIL part is left out on purpose: for constraint violations it quotes
 * the row (e.g. {@code Key (email)=(jane@example.com) already exists}), which is personal data.
 */
final class ServerMessages {
    private ServerMessages() {
    }

    static String describe(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null || server.getMessage() == null) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder();
        text.append(server.getSeverity() == null ? "ERROR" : server.getSeverity()).append(": ").append(server.getMessage());
        if (server.getHint() != null) {
            text.append(" (hint: ").append(server.getHint()).append(')');
        }
        String where = plpgsqlLocation(server.getWhere());
        if (where != null) {
            text.append(" (in ").append(where).append(')');
        }
        return text.toString();
    }

    /** 1-based character position of the error in the statement, or 0 when the server gave none. */
    static int position(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server == null ? 0 : server.getPosition();
    }

    private static String plpgsqlLocation(String where) {
        if (where == null) {
            return null;
        }
        for (String line : where.split("\n")) {
            if (line.startsWith("PL/pgSQL function")) {
                return line;
            }
        }
        return null;
    }
}
