package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.sql.Quote;
import dev.dbrestore.sql.SqlText;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The one JDBC session a restore runs in, and its error policy: a statement the server rejects
 * stops the restore with the entry's name and the server's message, or, when the request is
 * lenient, is recorded and reported with all others at the end. Known harmless errors are warnings.
 */
final class TargetSession implements AutoCloseable {
    private static final int COPY_BUFFER = 256 * 1024;
    private static final int LO_BUFFER = 64 * 1024;
    private static final int MAX_REPORTED_ERRORS = 20;

    private final Connection connection;
    private final RestoreRequest request;
    private final Progress progress;
    private final boolean lenient;
    private final String database;
    /** Shared by the sessions of one restore, which may run on several threads. */
    private final List<String> errors;
    private LargeObjectManager largeObjects;

    private TargetSession(Connection connection, RestoreRequest request, Progress progress, List<String> errors) {
        this.connection = connection;
        this.request = request;
        this.progress = progress;
        this.lenient = request.lenient();
        this.database = request.database();
        this.errors = errors;
    }

    static TargetSession open(RestoreRequest request, Progress progress) {
        return open(request, progress, Collections.synchronizedList(new ArrayList<>()));
    }

    /** Another connection to the same database whose errors are reported with this one's. */
    TargetSession sibling() {
        return open(request, progress, errors);
    }

    private static TargetSession open(RestoreRequest request, Progress progress, List<String> errors) {
        Properties props = request.server().jdbcProperties();
        // Each TOC definition goes to the server as one simple-protocol query, as pg_restore sends it.
        props.setProperty("preferQueryMode", "simple");
        // Archives in another encoding set client_encoding; the driver then follows it.
        props.setProperty("allowEncodingChanges", "true");
        props.setProperty("tcpKeepAlive", "true");
        try {
            Connection connection = DriverManager.getConnection(request.server().jdbcUrl(request.database()), props);
            connection.setAutoCommit(true);
            return new TargetSession(connection, request, progress, errors);
        } catch (SQLException e) {
            throw new Fault("Could not connect to database " + request.database() + " on " + request.server() + ": "
                    + e.getMessage(), e);
        }
    }

    int serverMajor() {
        try {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new Fault("Could not read the server version: " + e.getMessage(), e);
        }
    }

    /** Runs one SQL text (it may hold several statements); false when it failed and the restore goes on. */
    boolean execute(String sql, String where) {
        if (!SqlText.hasCode(sql)) {
            return true;
        }
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql);
            return true;
        } catch (SQLException e) {
            failed(where, e, sql);
            return false;
        }
    }

    /** Runs SQL whose failure is only worth a warning ("{@code consequence}: server message"). */
    boolean attempt(String sql, String consequence) {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql);
            return true;
        } catch (SQLException e) {
            if (isConnectionProblem(e)) {
                throw new Fault("Lost the connection to the server: " + serverMessage(e), e);
            }
            progress.warn(consequence + " (" + serverMessage(e) + ").");
            return false;
        }
    }

    /**
     * A {@code SET name = value} of the session preamble. A setting the server does not know
     * (transaction_timeout, new in 17, on an older server) is skipped with a warning.
     */
    void setting(String sql, String where) {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql);
        } catch (SQLException e) {
            if (isUnknownSetting(e)) {
                String message = "Skipped '" + SqlText.excerpt(sql) + "': the server does not know this setting ("
                        + serverMessage(e) + ").";
                // our own preamble sends pg_restore 18's settings to every server: not the user's concern
                if (where.equals("the session preamble")) {
                    progress.debug(message);
                } else {
                    progress.warn(message);
                }
            } else {
                failed(where, e, sql);
            }
        }
    }

    /** A memory setting of this session in MB (e.g. maintenance_work_mem). */
    long settingMb(String name) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_catalog.pg_size_bytes(pg_catalog.current_setting(?)) / (1024 * 1024)")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new Fault("Could not read the setting " + name + ": " + e.getMessage(), e);
        }
    }

    static boolean isUnknownSetting(SQLException e) {
        return "42704".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("configuration parameter");
    }

    /**
     * The rows of a COPY into {@code schema.table} as they go to the server: through the request's
     * {@link dev.dbrestore.engine.CopyRowHook} when it has a rewriter for the table, else as they are.
     */
    InputStream copyRows(String copySql, String schema, String table, java.nio.charset.Charset charset, InputStream rows,
                         String where) {
        if (request.copyRows() == null) {
            return rows;
        }
        dev.dbrestore.engine.CopyRowHook.RowRewriter rewriter = request.copyRows()
                .forCopy(schema, table, dev.dbrestore.sql.CopyText.columns(copySql), charset);
        return rewriter == null ? rows : new RewrittenCopyRows(rows, rewriter, where);
    }

    /**
     * {@code COPY ... FROM stdin} fed from {@code rows} as it is read; returns the row count, or -1 on failure.
     *
     * @param freezeTable when not null, the (quoted) table the COPY loads, created empty by this restore: it is
     *                    truncated in the COPY's own transaction and loaded with {@code FREEZE}, so its rows are
     *                    written frozen (no hint-bit rewrite during the index builds or the first queries, and
     *                    no WAL for them on a server with {@code wal_level=minimal}). Should the TRUNCATE fail,
     *                    the rows are copied as they are.
     */
    long copyIn(String copySql, InputStream rows, String where, String freezeTable) {
        boolean frozen = freezeTable != null && truncateInTransaction(freezeTable);
        boolean committed = false;
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long count = copy.copyIn(frozen ? CopyStatement.withFreeze(copySql) : copySql, filling(rows), COPY_BUFFER);
            if (frozen) {
                connection.commit();
            }
            committed = true;
            return count;
        } catch (SQLException e) {
            endTransaction(frozen, false);
            frozen = false;
            failed(where, e, copySql);
            return -1;
        } catch (IOException e) {
            throw new Fault("Lost the connection to the server during " + where + ": " + e.getMessage(), e);
        } finally {
            if (frozen) {
                endTransaction(true, committed);
            }
        }
    }

    /**
     * Fills the driver's whole buffer on each read: a decoder returns what one compressed chunk of
     * the dump (a few KB) inflates to, and the driver sends each read as its own CopyData message
     * with two writes to the socket; full buffers make that one message per {@code COPY_BUFFER}.
     */
    private static InputStream filling(InputStream rows) {
        if ("false".equals(System.getProperty("dbrestore.copyFill"))) {
            return rows;
        }
        return new FilterInputStream(rows) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.readNBytes(buffer, offset, length);
                return n == 0 && length > 0 ? -1 : n;
            }
        };
    }

    private boolean truncateInTransaction(String table) {
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE ONLY " + table);
            }
            return true;
        } catch (SQLException e) {
            progress.debug("Copying into " + table + " without FREEZE: " + serverMessage(e));
            endTransaction(true, false);
            return false;
        }
    }

    /** Back to autocommit after {@link #truncateInTransaction}, rolling back what was not committed. */
    private void endTransaction(boolean open, boolean committed) {
        if (!open) {
            return;
        }
        try {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is broken; the original error is the one to report.
        }
    }

    /** Starts the transaction large-object writes need (pg_restore wraps each BLOBS block in one too). */
    void beginLargeObjects() {
        try {
            connection.setAutoCommit(false);
            if (largeObjects == null) {
                largeObjects = connection.unwrap(PGConnection.class).getLargeObjectAPI();
            }
        } catch (SQLException e) {
            throw new Fault("Could not start writing large objects: " + e.getMessage(), e);
        }
    }

    /** Writes the content of an existing large object (its TOC entry created it). */
    boolean writeLargeObject(long oid, InputStream content, String where) {
        try {
            LargeObject object = largeObjects.open(oid, LargeObjectManager.WRITE);
            byte[] buffer = new byte[LO_BUFFER];
            int n;
            while ((n = content.read(buffer)) >= 0) {
                object.write(buffer, 0, n);
            }
            // closed only after the writes succeeded: after a failed write the transaction is aborted, a
            // close would fail too (25P02) and hide the write's own error (a full disk); the rollback that
            // follows a failure ends the descriptor anyway
            object.close();
            return true;
        } catch (SQLException e) {
            failed(where + ", large object " + oid, e, "lo_open(" + oid + ")");
            return false;
        } catch (IOException e) {
            throw new Fault("Could not read large object " + oid + ": " + e.getMessage(), e);
        }
    }

    /** Commits the large objects written since {@link #beginLargeObjects()}, or rolls back after an error. */
    void endLargeObjects(boolean commit, String where) {
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            failed(where, e, "COMMIT");
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw new Fault("Could not end the large-object transaction: " + e.getMessage(), e);
            }
        }
    }

    /** Rolls back an open large-object transaction after a data error, so the connection stays usable. */
    void abandonLargeObjects() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // The original error is the one to report.
        }
    }

    /** Creates a schema the dump uses but does not create (Heroku's heroku_ext). */
    void ensureSchema(String schema) {
        if (exists("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", schema)) {
            return;
        }
        if (execute("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema), "creating schema " + schema)) {
            progress.info("Created schema " + schema + ": the dump installs an extension into it but does not create it "
                    + "(a Heroku dump places extensions in heroku_ext).");
        }
    }

    /** Creates the roles policies are granted to as NOLOGIN roles, when the server lacks them. */
    void ensureRoles(Collection<String> roles) {
        for (String role : roles) {
            if (exists("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", role)) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + Quote.ident(role) + " NOLOGIN");
                progress.info("Created role " + role + " (NOLOGIN): the dump's row-level security policies name it.");
            } catch (SQLException e) {
                // created meanwhile by another restore: 42710, or 23505 when both inserted into pg_authid at once
                if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    failed("creating role " + role + " for the dump's policies", e, "CREATE ROLE " + role);
                }
            }
        }
    }

    private boolean exists(String query, String name) {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new Fault("Could not query the catalog of " + database + ": " + e.getMessage(), e);
        }
    }

    /** In lenient mode: fails now with every error recorded during the restore. */
    void finish() {
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("The restore into " + database + " finished with " + errors.size()
                + " error(s):");
        List<String> all;
        synchronized (errors) {
            all = List.copyOf(errors);
        }
        all.stream().limit(MAX_REPORTED_ERRORS).forEach(error -> message.append("\n  - ").append(error));
        if (errors.size() > MAX_REPORTED_ERRORS) {
            message.append("\n  ... and ").append(errors.size() - MAX_REPORTED_ERRORS).append(" more");
        }
        throw new UserError(message.toString());
    }

    private void failed(String where, SQLException e, String sql) {
        if (isHarmless(e)) {
            progress.warn("Ignored at " + where + ": " + serverMessage(e));
            return;
        }
        String message = "Restoring " + where + " failed: " + serverMessage(e) + ". Command was: " + SqlText.excerpt(sql);
        if (isConnectionProblem(e)) {
            throw new Fault(message, e);
        }
        if (!lenient) {
            throw new UserError(message, e);
        }
        errors.add(message);
        progress.warn(message);
    }

    /** Errors pg_restore also prints on every restore by a non-superuser or into a fresh database. */
    private static boolean isHarmless(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("must be owner of extension")
                || message.contains("must be owner of schema public")
                || message.contains("schema \"public\" already exists");
    }

    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }

    /**
     * "ERROR: role "app_reader" does not exist (SQLSTATE 42704)" on one line, with the COPY
     * position when there is one. Never the server's DETAIL: it quotes rows of the unsanitized dump.
     */
    static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            String text = server.getSeverity() + ": " + server.getMessage()
                    + (server.getSQLState() == null ? "" : " (SQLSTATE " + server.getSQLState() + ")");
            if (server.getWhere() != null && server.getWhere().startsWith("COPY ")) {
                text += " [" + server.getWhere() + "]";
            }
            return text.replaceAll("\\s+", " ");
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing after a failure: the failure is what matters.
        }
    }
}
