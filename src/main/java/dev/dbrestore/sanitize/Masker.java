package dev.dbrestore.sanitize;

import dev.dbrestore.support.MaskedValueSink;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs planned mask statements in the rules' order, all in one transaction: a rule that fails at
 * run time (a value too long for a unique index, a trigger raising) rolls every rule back.
 */
final class Masker {
    private final Connection connection;
    private final Progress progress;

    Masker(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /**
     * Runs {@code statements}; before each UPDATE, its rows' raw values of the masked columns go to
     * {@code rawValues} (in this transaction, so they are the values the UPDATE replaces).
     */
    List<SanitizeResult.Step> apply(List<MaskStatement> statements, MaskedValueSink rawValues) throws SQLException {
        List<SanitizeResult.Step> steps = new ArrayList<>();
        if (statements.isEmpty()) {
            return steps;
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            for (MaskStatement mask : statements) {
                if (rawValues != MaskedValueSink.NONE && mask.readSql() != null) {
                    readRawValues(mask, rawValues);
                }
                steps.add(run(statement, mask));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return steps;
    }

    /** Streams the values with COPY; they go to the sink only, never to a message. */
    private void readRawValues(MaskStatement mask, MaskedValueSink rawValues) throws SQLException {
        List<String> columns = mask.masked();
        try {
            CopyTextRows.copyOut(connection, mask.readSql(), columns.size(), fields -> {
                for (int i = 0; i < fields.length; i++) {
                    rawValues.rawValue(columns.get(i), fields[i]);
                }
            });
        } catch (SQLException e) {
            throw new UserError("Reading the values " + mask.label() + " replaces, for the leak scan, failed: "
                    + ServerMessages.describe(e), e);
        }
    }

    private SanitizeResult.Step run(Statement statement, MaskStatement mask) {
        for (String note : mask.notes()) {
            progress.warn(mask.label() + ": " + note);
        }
        progress.debug(mask.sql());
        long start = System.nanoTime();
        long rows;
        try {
            rows = Math.max(0, statement.executeUpdate(mask.sql()));
        } catch (SQLException e) {
            throw new UserError("Masking failed, every mask rule was rolled back: " + mask.label() + ": "
                    + ServerMessages.describe(e), e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        progress.info("Sanitize " + mask.label() + ": " + rows + " row(s), " + millis + " ms");
        return new SanitizeResult.Step(mask.label(), millis, rows,
                mask.notes().isEmpty() ? null : String.join("; ", mask.notes()));
    }
}
