package dev.dbrestore.db;

import dev.dbrestore.sql.Quote;
import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Platform;
import dev.dbrestore.support.Sha256;
import dev.dbrestore.support.UserError;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Server-level operations over JDBC on the maintenance database: create, rename, drop, comment,
 * list, lock. Every name goes through {@link Quote#ident}, every comment through
 * {@link Quote#literal}, so a name built from hostile tokens cannot inject SQL.
 *
 * <p>Advisory locks belong to one database. So that two runs exclude each other whatever
 * maintenance database their target names, every lock is taken on {@value #LOCK_DATABASE} (the
 * database every cluster is created with), falling back to the maintenance database only where
 * that one does not exist. The lock key is the first 8 bytes of the SHA-256 of
 * {@code "dbrestore:" + name}, a documented 64-bit key (not {@code hashtext}, which is 32-bit and
 * undocumented).
 */
public final class PgAdmin implements AutoCloseable {
    /** The database that holds every advisory lock of dbrestore on a server. */
    public static final String LOCK_DATABASE = "postgres";

    private final ConnectionSettings server;
    private final Connection connection;
    private Connection lockConnection;

    private PgAdmin(ConnectionSettings server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    public static PgAdmin connect(ConnectionSettings server) {
        return new PgAdmin(server, open(server, server.maintenanceDatabase()));
    }

    /** Opens a JDBC connection to {@code database}, turning the usual failures into one clear message. */
    public static Connection open(ConnectionSettings server, String database) {
        try {
            Connection c = DriverManager.getConnection(server.jdbcUrl(database), server.jdbcProperties());
            try (Statement s = c.createStatement()) {
                s.execute("SET standard_conforming_strings = on");
            }
            return c;
        } catch (SQLException e) {
            throw connectionError(server, database, e);
        }
    }

    static RuntimeException connectionError(ConnectionSettings server, String database, SQLException e) {
        return connectionError(server, database, e, Platform.current());
    }

    /** @param platform names libpq's password file as it is on this system ({@code ~/.pgpass}, {@code %APPDATA%\postgresql\pgpass.conf}) */
    static RuntimeException connectionError(ConnectionSettings server, String database, SQLException e, Platform platform) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String said = sentence(e.getMessage());
        if (said.contains("no password was provided")) {
            // pgjdbc: "The server requested SCRAM-based authentication, but no password was provided."
            return new UserError("PostgreSQL at " + server + " asks for a password and none was given. "
                    + wherePasswordsComeFrom(platform),
                    e);
        }
        RuntimeException tls = tlsError(server, said, e);
        if (tls != null) {
            return tls;
        }
        if (state.equals("08001") || state.equals("08006") || e.getCause() instanceof ConnectException) {
            return new Fault("Cannot reach PostgreSQL at " + server + ": " + said
                    + ". Is the server running? Set target.url in restore-profiles.yml or PGHOST/PGPORT.", e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new UserError("PostgreSQL at " + server + " refused the login: " + said
                    + ". Set the password in target.url, target.serverId (settings.xml), PGPASSWORD or "
                    + platform.pgpassName() + ".", e);
        }
        if (state.equals("3D000")) {
            return new UserError("Database '" + database + "' does not exist on " + server + ".", e);
        }
        return new Fault("Cannot connect to " + server + "/" + database + ": " + said, e);
    }

    /**
     * The failures of TLS: the server's certificate not trusted or not naming the host (pgjdbc: "SSL
     * error: …", "The hostname … could not be verified"), a server that accepts only TLS ("no pg_hba.conf entry … no encryption"). Null for any other failure.
     */
    private static RuntimeException tlsError(ConnectionSettings server, String said, SQLException e) {
        String sslmode = server.parameters().getOrDefault(ConnectionParameter.SSLMODE, "prefer");
        if (said.contains("no encryption") && said.contains("pg_hba.conf")) {
            return new UserError("PostgreSQL at " + server + " refused a connection without TLS (" + said + "). A server "
                    + "that accepts only TLS connections needs sslmode, e.g. ?sslmode=verify-full&sslrootcert=<the server's "
                    + "CA file> in target.url, or PGSSLMODE; otherwise its pg_hba.conf has no line for this host, user and "
                    + "database.", e);
        }
        boolean handshake = said.startsWith("SSL error") || said.contains("could not be verified")
                || causedBy(e, javax.net.ssl.SSLException.class);
        if (!handshake) {
            return null;
        }
        String rootCert = server.parameters().get(ConnectionParameter.SSLROOTCERT);
        return new UserError("The TLS certificate of PostgreSQL at " + server + " was not accepted (sslmode=" + sslmode
                + ", sslrootcert=" + (rootCert == null ? "~/.postgresql/root.crt" : rootCert) + "): " + said
                + ". The certificate must be signed by the CA in sslrootcert"
                + (sslmode.equals("verify-full") ? " and name the host " + server.host() : "") + ".", e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Where the target's password can come from, in the order the resolver reads them. */
    static String wherePasswordsComeFrom(Platform platform) {
        return "Give it in one of: target.url in restore-profiles.yml "
                + "(postgres://user:PASSWORD@host:port/db, better with ${env:NAME} than written out), target.password "
                + "(e.g. ${env:DB_PASSWORD}), target.serverId (a <server> of Maven's settings.xml, its password "
                + "encrypted with mvn --encrypt-password), a pg_service.conf service, the PGPASSWORD environment "
                + "variable, or a " + platform.pgpassName() + " line host:port:*:user:password ("
                + (platform.windows() ? "" : "file mode 0600; ") + "PGPASSFILE names another file).";
    }

    /** A driver message without its closing period, so that ". Next sentence" does not double it. */
    private static String sentence(String message) {
        String m = message == null ? "" : message.strip();
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    public ConnectionSettings server() {
        return server;
    }

    public Connection connection() {
        return connection;
    }

    public int serverVersionNum() {
        return queryInt("SHOW server_version_num");
    }

    public boolean exists(String database) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw fault("check whether database " + database + " exists", e);
        }
    }

    /** Creates an empty database from template0, so nothing from template1 leaks into the copy. */
    public void create(String database) {
        execute("CREATE DATABASE " + Quote.ident(database) + " TEMPLATE template0", "create database " + database);
    }

    public void createFromTemplate(String database, String template, boolean fileCopy) {
        execute("CREATE DATABASE " + Quote.ident(database) + " TEMPLATE " + Quote.ident(template)
                + (fileCopy ? " STRATEGY = FILE_COPY" : ""), "create database " + database + " from " + template);
    }

    public void rename(String from, String to) {
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER DATABASE " + Quote.ident(from) + " RENAME TO " + Quote.ident(to));
        } catch (SQLException e) {
            if ("55006".equals(e.getSQLState())) {
                throw new UserError("Cannot rename database " + from + " to " + to + ": " + openConnections(from)
                        + " other session(s) are connected to it. Close them (your app, psql, IDE) and run again.", e);
            }
            throw fault("rename database " + from + " to " + to, e);
        }
    }

    /** Drops the database, ending its sessions first (PostgreSQL 13+: WITH (FORCE)). */
    public void dropForce(String database) {
        dropSubscriptions(database);
        String sql = serverVersionNum() >= 130000
                ? "DROP DATABASE IF EXISTS " + Quote.ident(database) + " WITH (FORCE)"
                : "DROP DATABASE IF EXISTS " + Quote.ident(database);
        execute(sql, "drop database " + database);
    }

    /** Drops the database only if nobody is connected; returns false (and drops nothing) otherwise. */
    public boolean dropIfUnused(String database) {
        if (openConnections(database) > 0) {
            return false;
        }
        dropSubscriptions(database);
        try (Statement s = connection.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + Quote.ident(database));
            return true;
        } catch (SQLException e) {
            if ("55006".equals(e.getSQLState())) {
                return false;
            }
            throw fault("drop database " + database, e);
        }
    }

    /**
     * A database that holds a subscription cannot be dropped ("being used by logical replication
     * subscription"). Each one is disabled, detached from its replication slot (so that nothing is
     * dropped on the publisher, which may be production) and dropped, inside the database.
     */
    private void dropSubscriptions(String database) {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT s.subname FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid WHERE d.datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                return; // not allowed to read pg_subscription: then we cannot have restored one either
            }
            throw fault("list the subscriptions of " + database, e);
        }
        if (names.isEmpty()) {
            return;
        }
        boolean closed = !allowsConnections(database);
        if (closed) {
            allowConnections(database, true);
        }
        try (Connection c = open(server, database); Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("ALTER SUBSCRIPTION " + Quote.ident(name) + " DISABLE");
                s.execute("ALTER SUBSCRIPTION " + Quote.ident(name) + " SET (slot_name = NONE)");
                s.execute("DROP SUBSCRIPTION " + Quote.ident(name));
            }
        } catch (SQLException e) {
            throw fault("drop the subscriptions of " + database + " (" + String.join(", ", names) + ")", e);
        }
    }

    private boolean allowsConnections(String database) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT datallowconn FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw fault("read ALLOW_CONNECTIONS of " + database, e);
        }
    }

    public void comment(String database, String text) {
        execute("COMMENT ON DATABASE " + Quote.ident(database) + " IS " + Quote.literal(text), "comment on database " + database);
    }

    /**
     * Sessions of people and programs on {@code database}. Autovacuum workers do not count: they
     * visit even a database that refuses connections (a template right after its rows were
     * loaded), and CREATE and DROP DATABASE end them by themselves.
     */
    public int openConnections(String database) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                        + " AND backend_type = 'client backend'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw fault("count connections to " + database, e);
        }
    }

    /** One database as the catalog sees it; {@code connections} counts client sessions ({@link #openConnections}). */
    public record DatabaseInfo(String name, String comment, long sizeBytes, int connections) {
    }

    /** Every database with its comment (null if none) and size; template0/1 and the maintenance DB excluded. */
    public List<DatabaseInfo> databases() {
        return databases("NOT d.datistemplate AND d.datallowconn");
    }

    /**
     * Like {@link #databases()}, but also the databases that refuse connections
     * ({@code ALLOW_CONNECTIONS false}), such as the template cache's.
     */
    public List<DatabaseInfo> allDatabases() {
        return databases("NOT d.datistemplate");
    }

    private List<DatabaseInfo> databases(String where) {
        String sql = """
                SELECT d.datname, shobj_description(d.oid, 'pg_database'),
                       CASE WHEN has_database_privilege(d.oid, 'CONNECT') THEN pg_database_size(d.oid) ELSE 0 END,
                       (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname AND a.pid <> pg_backend_pid()
                           AND a.backend_type = 'client backend')
                  FROM pg_database d
                 WHERE %s
                 ORDER BY d.datname""".formatted(where);
        for (int attempt = 1; ; attempt++) {
            List<DatabaseInfo> out = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(new DatabaseInfo(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)));
                }
                return out;
            } catch (SQLException e) {
                // a database dropped by someone else while we measured it: list again
                if (!"3D000".equals(e.getSQLState()) || attempt == 3) {
                    throw fault("list databases", e);
                }
            }
        }
    }

    public String comment(String database) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw fault("read the comment of " + database, e);
        }
    }

    /** Takes a session-level advisory lock on {@code key}; false if another session holds it. */
    public boolean tryLock(String key) {
        try (PreparedStatement ps = lockConnection().prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey(key));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw fault("take the advisory lock for " + key, e);
        }
    }

    /** Releases a lock taken with {@link #tryLock}. */
    public void unlock(String key) {
        try (PreparedStatement ps = lockConnection().prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, lockKey(key));
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw fault("release the advisory lock for " + key, e);
        }
    }

    /** The advisory lock key of a name: the first 8 bytes of SHA-256("dbrestore:" + name), big-endian. */
    public static long lockKey(String name) {
        return ByteBuffer.wrap(Sha256.of("dbrestore:" + name), 0, Long.BYTES).getLong();
    }

    /** The session that holds this run's locks: on {@link #LOCK_DATABASE}, whatever the maintenance database. */
    private Connection lockConnection() {
        if (lockConnection == null) {
            if (LOCK_DATABASE.equals(server.maintenanceDatabase()) || !exists(LOCK_DATABASE)) {
                lockConnection = connection;
            } else {
                lockConnection = open(server, LOCK_DATABASE);
            }
        }
        return lockConnection;
    }

    /**
     * Renames databases in one transaction ({@code ALTER DATABASE … RENAME} may run in a
     * transaction block): either every rename happens or none does, so a crash or a lost
     * connection in the middle of a swap cannot leave a name missing.
     *
     * @param renames pairs of names, {@code from → to}, applied in order
     */
    public void renameTogether(List<Map.Entry<String, String>> renames) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (Map.Entry<String, String> r : renames) {
                    s.execute("ALTER DATABASE " + Quote.ident(r.getKey()) + " RENAME TO " + Quote.ident(r.getValue()));
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            String first = renames.isEmpty() ? "?" : renames.get(0).getKey();
            if ("55006".equals(e.getSQLState())) {
                throw new UserError("Cannot rename database " + first + ": other sessions are connected to it. "
                        + "Close them (your app, psql, IDE) and run again.", e);
            }
            throw fault("rename " + renames.stream().map(r -> r.getKey() + " to " + r.getValue())
                    .collect(Collectors.joining(" and ")), e);
        }
    }

    /** The number of tables (plain and partitioned) outside the system schemas of {@code database}. */
    public int tableCount(String database) {
        try (Connection c = open(server, database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                     + " AND n.nspname NOT LIKE 'pg_toast%'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw fault("count the tables of " + database, e);
        } catch (DbRestoreException e) {
            return -1; // it refuses connections (or vanished): the count is unknown
        }
    }

    /** The exact row count of every plain table outside the system schemas of {@code database}, keyed {@code schema.table}. */
    public Map<String, Long> rowCounts(String database) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = open(server, database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname || '.' || c.relname,"
                     + " (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname),"
                     + " false, true, '')))[1]::text::bigint"
                     + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                     + " AND n.nspname NOT LIKE 'pg_toast%'")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw fault("count the rows of " + database, e);
        }
    }

    /** {@code ALTER DATABASE ... ALLOW_CONNECTIONS}: a database that allows none can still be cloned and dropped. */
    public void allowConnections(String database, boolean allow) {
        execute("ALTER DATABASE " + Quote.ident(database) + " ALLOW_CONNECTIONS " + allow,
                "change ALLOW_CONNECTIONS of " + database);
    }

    /** {@code CREATE DATABASE ... STRATEGY} exists from PostgreSQL 15 on (older servers always copy files). */
    public boolean supportsCreateStrategy() {
        return serverVersionNum() >= 150000;
    }

    private int queryInt(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw fault(sql, e);
        }
    }

    private void execute(String sql, String what) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw fault(what, e);
        }
    }

    private Fault fault(String what, SQLException e) {
        return new Fault("Could not " + what + " on " + server + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (lockConnection != null) {
            // released now, not when the server gets round to ending the session: the next run may start at once
            try (Statement s = lockConnection.createStatement()) {
                s.execute("SELECT pg_advisory_unlock_all()");
            } catch (SQLException ignored) {
                // a broken session holds no lock for long: the server releases them as it ends it
            }
        }
        try {
            if (lockConnection != null && lockConnection != connection) {
                lockConnection.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection has nothing left to release
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection has nothing left to release
        }
    }
}
