package dev.dbrestore.sanitize;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs sanitize SQL files over JDBC, each in its own transaction, like {@code psql -1 -f file}
 * would. A failing statement rolls its file back and stops the run with the file, the line and
 * the server's message.
 */
final class SqlFileRunner {
    private final Connection connection;
    private final Progress progress;

    SqlFileRunner(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    List<SanitizeResult.Step> run(List<SqlFile> files) throws SQLException {
        List<SanitizeResult.Step> steps = new ArrayList<>();
        for (SqlFile file : files) {
            steps.add(run(file));
        }
        return steps;
    }

    SanitizeResult.Step run(SqlFile file) throws SQLException {
        long start = System.nanoTime();
        long rows = 0;
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // user SQL goes to the server as written: no JDBC {fn ...} escape rewriting
            statement.setEscapeProcessing(false);
            for (SqlFileStatement sql : file.statements()) {
                rows += execute(statement, file, sql);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
            resetSession();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        progress.info("Sanitize " + file.name() + ": " + file.statements().size() + " statement(s), "
                + rows + " row(s) changed, " + millis + " ms");
        return new SanitizeResult.Step("sql " + file.name(), millis, rows,
                file.statements().size() + " statement(s)");
    }

    private long execute(Statement statement, SqlFile file, SqlFileStatement sql) {
        try {
            statement.execute(sql.sql());
            long rows = 0;
            while (true) {
                int count = statement.getUpdateCount();
                if (count >= 0) {
                    rows += count;
                } else if (statement.getResultSet() == null) {
                    break;
                }
                statement.getMoreResults();
            }
            logNotices(statement.getWarnings(), file, sql);
            statement.clearWarnings();
            return rows;
        } catch (SQLException e) {
            int line = sql.lineOfPosition(Math.max(1, ServerMessages.position(e)));
            throw new UserError("sanitize failed in " + file.name() + " line " + line + ": "
                    + ServerMessages.describe(e) + ". The file was rolled back.", e);
        }
    }

    /** RAISE NOTICE output of a script is what its author wanted to see. */
    private void logNotices(SQLWarning warning, SqlFile file, SqlFileStatement sql) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            progress.info("  " + file.name() + " line " + sql.line() + ": " + w.getMessage());
        }
    }

    /**
     * Each file starts from a clean session, as a separate psql run would: a {@code SET search_path}
     * in one file must not change what the next file or the masking rules see.
     */
    private void resetSession() throws SQLException {
        try (Statement reset = connection.createStatement()) {
            reset.execute("RESET ALL");
        }
    }
}
