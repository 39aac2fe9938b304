package dev.dbrestore.sanitize;

import java.sql.Connection;
import java.sql.SQLException;

/** Rolling back after a failure without letting a second failure hide the first. */
final class Transactions {
    private Transactions() {
    }

    static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
