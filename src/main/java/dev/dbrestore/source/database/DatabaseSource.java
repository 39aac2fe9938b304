package dev.dbrestore.source.database;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.ServerLogins;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Times;
import dev.dbrestore.support.UserError;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A live database as the source (a read replica, a staging server): {@code pg_dump -Fc} of it,
 * streamed through the same pipeline as a downloaded backup, as {@code heroku pg:pull} and pgsync
 * do. There is one "backup", {@code live}: the database as it is now, so the copy's date is the
 * moment of the dump. Before anything is created locally the login is tried and pg_dump is checked
 * against the server's version. The password goes to pg_dump through its environment
 * ({@code PGPASSWORD}), never its command line, and is never in a message.
 */
public final class DatabaseSource implements BackupSource {
    /** The id of the one backup a live database offers. */
    public static final String LIVE = "live";

    /** pg_dump, found for a server's version; the application layer makes it of engine.pgrestore.PgDump. */
    public interface PgDumpTool {
        /** Streams {@code pg_dump -Fc} of {@code database} with {@code options}; finish() checks its exit status. */
        DumpInput dump(ConnectionSettings server, String database, List<String> options);
    }

    /** Finds the pg_dump for a server of {@code serverVersionNum}; a UserError naming {@code what} when none fits. */
    public interface PgDumpFinder {
        PgDumpTool find(int serverVersionNum, String what);
    }

    private final SourceSpec.Database spec;
    private final SourceContext ctx;
    private final PgDumpFinder pgDumps;
    private ConnectionSettings server;
    private PgDumpTool pgDump;

    public DatabaseSource(SourceSpec.Database spec, SourceContext ctx, PgDumpFinder pgDumps) {
        this.spec = spec;
        this.ctx = ctx;
        this.pgDumps = pgDumps;
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    /** One backup, {@code live}: the database now. */
    @Override
    public List<Backup> list() {
        return List.of(new Backup(LIVE, Instant.now(), null, LIVE, describe()));
    }

    /** The live database, after its login worked and a pg_dump for its version was found. */
    @Override
    public Backup pick(String requestedId) {
        if (requestedId != null && !requestedId.isBlank() && !requestedId.equals(LIVE)) {
            throw new UserError("The database: source has one backup, '" + LIVE + "' (the database as it is now); "
                    + "there is no backup '" + requestedId + "' to pick. Leave -Ddbrestore.backup out.");
        }
        server = resolve();
        int version = serverVersion(server);
        pgDump = pgDumps.find(version, describe());
        Backup live = list().get(0);
        ctx.progress().info("The live database " + describe() + " (PostgreSQL " + version / 10000 + ") is dumped with "
                + "pg_dump -Fc as it is when the restore runs: the copy's date is now, " + Times.show(live.createdAt())
                + ", not a backup's date");
        return live;
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        if (pgDump == null) {
            pick(backup.id());
        }
        return new EndChecked(pgDump.dump(server, server.maintenanceDatabase(), options()));
    }

    /**
     * pg_dump's output whose end waits for pg_dump's exit: when it failed (a table the role may not
     * read, a lost connection), the read that meets the end fails with pg_dump's own reason, so the
     * restore reports that and not the cut-off archive it got.
     */
    private final class EndChecked implements DumpInput {
        private final DumpInput input;
        private InputStream stream;
        private boolean checked;

        EndChecked(DumpInput input) {
            this.input = input;
        }

        @Override
        public InputStream stream() throws IOException {
            if (stream == null) {
                stream = new FilterInputStream(input.stream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        return b < 0 ? atEnd(b) : b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        return n < 0 ? atEnd(n) : n;
                    }
                };
            }
            return stream;
        }

        private int atEnd(int eof) throws IOException {
            if (!checked) {
                checked = true;
                try {
                    input.finish();
                } catch (RuntimeException failed) {
                    throw new IOException(describe() + ": " + failed.getMessage() + hint(failed.getMessage()), failed);
                }
            }
            return eof;
        }

        /** Reads what the restore left of the output (so pg_dump can exit), then checks pg_dump's exit status. */
        @Override
        public void finish() throws IOException {
            try {
                stream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException closedByTheRestore) {
                // the restore closed the stream after its end: pg_dump's exit status tells the rest
            }
            input.finish();
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }

    /** What to change when pg_dump says why it stopped: what the role lacks, or what a hot standby did. */
    static String hint(String pgDumpSaid) {
        if (pgDumpSaid == null) {
            return "";
        }
        if (pgDumpSaid.contains("conflict with recovery")) {
            return "\nThe read replica canceled pg_dump's query to go on replaying the primary's changes: turn on "
                    + "hot_standby_feedback on the replica (or raise max_standby_streaming_delay), or dump another server.";
        }
        if (pgDumpSaid.contains("row-level security")) {
            return "\nThe source's role must bypass row-level security (ALTER ROLE ... BYPASSRLS) or own the table: "
                    + "pg_dump does not dump part of a table.";
        }
        if (pgDumpSaid.contains("permission denied")) {
            return "\nThe source's role must be able to read everything pg_dump dumps (e.g. GRANT pg_read_all_data, "
                    + "and SELECT on large objects), or leave what it may not read out with schemas: / excludeTables:.";
        }
        return "";
    }

    /** {@code --schema} per schema and {@code --exclude-table} per table, as written. */
    List<String> options() {
        List<String> options = new ArrayList<>();
        spec.schemas().forEach(s -> options.add("--schema=" + s));
        spec.excludeTables().forEach(t -> options.add("--exclude-table=" + t));
        return options;
    }

    /**
     * The URL's parts first (its query too: {@code ?sslmode=verify-full&...}); what it leaves out from
     * the settings.xml server ({@code serverId}), then as libpq does: {@code PG*} variables,
     * {@code ~/.pgpass} (or {@code PGPASSFILE}).
     */
    private ConnectionSettings resolve() {
        if (spec.serverId() != null && ctx.credentials().server(spec.serverId()).isEmpty()) {
            throw new UserError("The database: source names serverId " + spec.serverId()
                    + ", but settings.xml has no <server> with that id");
        }
        ServerLogins logins = id -> ctx.credentials().server(id)
                .map(login -> new ServerLogins.Login(login.username(), login.password()));
        return new ConnectionResolver(ctx.environment(), ctx.home()).withLogins(logins)
                .resolve(new TargetSpec(spec.url(), null, null, null, null, null, spec.serverId(), null, Map.of()));
    }

    /** Logs in once (the same login pg_dump makes) and asks the server's version: one clear message when it fails. */
    private int serverVersion(ConnectionSettings server) {
        String database = server.maintenanceDatabase();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), server.jdbcProperties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1).trim());
        } catch (SQLException e) {
            throw loginError(server, database, e);
        }
    }

    private RuntimeException loginError(ConnectionSettings server, String database, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String said = e.getMessage() == null ? "" : e.getMessage().strip().replaceAll("\\.+$", "");
        String where = "The database: source " + describe();
        String passwords = "Give the password in a settings.xml <server> named by serverId:, in ~/.pgpass "
                + "(host:port:database:user:password; PGPASSFILE names another file) or PGPASSWORD, "
                + "or in the url through ${env:NAME}.";
        if (said.contains("no password was provided")) {
            return new UserError(where + " asks for a password and none was given. " + passwords, e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new UserError(where + " refused the login (" + state + ": " + said + "). " + passwords, e);
        }
        if (state.equals("3D000")) {
            return new UserError(where + ": database '" + database + "' does not exist on " + server + ".", e);
        }
        if (state.equals("08001") || state.equals("08006") || e.getCause() instanceof ConnectException) {
            return new UserError(where + " cannot be reached (" + said + "). Check the host and port in its url.", e);
        }
        return new Fault(where + ": cannot connect (" + state + ": " + said + ")", e);
    }
}
