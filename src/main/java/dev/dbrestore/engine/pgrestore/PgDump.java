package dev.dbrestore.engine.pgrestore;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.support.ChildEnvironment;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pg_dump -Fc} of one database, its archive read from the tool's standard output as it is
 * written (no temporary file). Found like pg_restore ({@code pgBin:}, then PATH) and checked before
 * anything else happens: pg_dump refuses a server newer than itself.
 */
public final class PgDump {
    private static final int STDERR_LIMIT = 64 * 1024;

    private final Path binary;
    private final PgTools.Version version;

    private PgDump(Path binary, PgTools.Version version) {
        this.binary = binary;
        this.version = version;
    }

    /**
     * The pg_dump to use against a server of {@code serverVersionNum} (e.g. 150004); a clear message when
     * it is missing or older than the server, naming the version needed.
     */
    public static PgDump find(Path pgBin, int serverVersionNum) {
        return find(pgBin, serverVersionNum, "publish", "the sanitized database");
    }

    /**
     * The same for {@code who} (the goal or source that dumps, e.g. {@code the database: source}) dumping
     * {@code what}, which the messages name.
     */
    public static PgDump find(Path pgBin, int serverVersionNum, String who, String what) {
        PgTools tools = new PgTools(pgBin);
        int serverMajor = serverVersionNum / 10000;
        Path binary;
        try {
            binary = tools.find("pg_dump");
        } catch (UserError e) {
            throw new UserError(who + " needs pg_dump " + serverMajor + " or newer to dump " + what + ": "
                    + e.getMessage());
        }
        PgTools.Version version = tools.version("pg_dump");
        if (version.major() < serverMajor) {
            throw new UserError(who + " needs pg_dump " + serverMajor + " or newer (the server is PostgreSQL "
                    + serverMajor + "), but " + binary + " is " + version.text() + ". Install the PostgreSQL "
                    + serverMajor + " client tools and point pgBin (or -Ddbrestore.pgBin) at their bin folder.");
        }
        return new PgDump(binary, version);
    }

    public PgTools.Version version() {
        return version;
    }

    /** pg_dump running against {@code database}; read its archive from {@link Running#stdout()}. */
    public Running start(ConnectionSettings server, String database) {
        return start(server, database, List.of());
    }

    /**
     * The same with more pg_dump options ({@code --schema=…}, {@code --exclude-table=…}). The password
     * goes through the environment ({@code PGPASSWORD}), never the command line.
     */
    public Running start(ConnectionSettings server, String database, List<String> options) {
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--format=custom", "--no-password"));
        command.addAll(options);
        command.add("--dbname=" + database);
        ProcessBuilder pb = new ProcessBuilder(command);
        ChildEnvironment.connectTo(pb.environment(), server.libpqEnvironment(database));
        ChildEnvironment.englishMessages(pb.environment());
        try {
            return new Running(pb.start());
        } catch (IOException e) {
            throw new Fault("Cannot run " + binary + ": " + e.getMessage(), e);
        }
    }

    /** A pg_dump run: its output, then its exit status; {@link #close()} kills it if it has not finished. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final CompletableFuture<String> stderr;

        Running(Process process) {
            this.process = process;
            this.stderr = CompletableFuture.supplyAsync(() -> readLimited(process.getErrorStream()));
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // nothing to say to pg_dump
            }
        }

        public InputStream stdout() {
            return process.getInputStream();
        }

        /** Waits for pg_dump to exit after its output was read to the end; throws unless it succeeded. */
        public void finish() {
            try {
                int exit = process.waitFor();
                String err = stderr.join().trim();
                if (exit != 0) {
                    throw new Fault("pg_dump failed (exit code " + exit + ")" + (err.isEmpty() ? "" : ": " + err));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Fault("Interrupted while waiting for pg_dump", e);
            }
        }

        @Override
        public void close() {
            PgTools.kill(process);
        }

        private static String readLimited(InputStream in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (out.size() < STDERR_LIMIT) {
                        out.write(buf, 0, Math.min(n, STDERR_LIMIT - out.size()));
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
