package dev.dbrestore.embedded;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL server: the folder {@code <dataDir>/<major>} with
 * <ul>
 *   <li>{@code data/}: the cluster (made by initdb into a temporary folder renamed into place, so it is
 *       whole or absent);</li>
 *   <li>{@code password}: the generated password of the superuser {@code postgres} (0600);</li>
 *   <li>{@code server.log}: the server's log;</li>
 *   <li>{@code binaries}: which unpacked binaries folder started it (stop and status need no Maven);</li>
 *   <li>{@code server.lock}: held while a build checks, starts or stops the server, so that two builds
 *       starting it at once end with one server.</li>
 * </ul>
 * A {@code postmaster.pid} whose process is gone (the server was killed, the machine rebooted) counts as
 * not running, and the next start replaces it.
 */
final class EmbeddedServer {
    static final String SUPERUSER = "postgres";
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final int START_ATTEMPTS = 4;

    private final Path home;
    private final int major;
    private final ServerUser user;
    private final ServerMachine platform;
    private final Progress log;

    EmbeddedServer(Path home, int major, ServerUser user, ServerMachine platform, Progress log) {
        this.home = home;
        this.major = major;
        this.user = user;
        this.platform = platform;
        this.log = log;
    }

    Path home() {
        return home;
    }

    int major() {
        return major;
    }

    Path data() {
        return home.resolve("data");
    }

    boolean initialized() {
        return Files.isRegularFile(data().resolve("PG_VERSION"));
    }

    /** The binaries folder that last started this server, if it is still there. */
    Optional<Path> recordedBinaries() {
        try {
            Path file = home.resolve("binaries");
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Path folder = Path.of(Files.readString(file, StandardCharsets.UTF_8).trim());
            return BinariesFolder.isComplete(folder) ? Optional.of(folder) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The port the running server listens on (from its {@code postmaster.pid}), empty when it is not running. */
    OptionalInt runningPort() {
        List<String> lines;
        try {
            lines = Files.readAllLines(data().resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        if (lines.size() < 4) {
            return OptionalInt.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(h -> h.info().command().map(c -> c.endsWith("postgres") || c.endsWith("postgres.exe")).orElse(true))
                    .orElse(false);
            return alive ? OptionalInt.of(Integer.parseInt(lines.get(3).trim())) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** How to reach the server, given the port it listens on. */
    ConnectionSettings settings(int port) {
        return new ConnectionSettings("127.0.0.1", port, SUPERUSER, password(), "postgres");
    }

    /**
     * Starts the server unless it runs; initdb first on first use. {@code binaries} gives the folder to
     * start it with when none is recorded (or {@code alwaysResolve}: the user pinned an exact version).
     */
    ConnectionSettings ensureRunning(Supplier<Path> binaries, boolean alwaysResolve, int port) {
        return locked(() -> {
            OptionalInt running = runningPort();
            if (running.isPresent()) {
                return settings(running.getAsInt());
            }
            Path bin = alwaysResolve ? binaries.get() : recordedBinaries().orElseGet(binaries);
            checkUserCanRun(bin);
            if (!initialized()) {
                initdb(bin);
            }
            Files.writeString(home.resolve("binaries"), bin.toString(), StandardCharsets.UTF_8);
            start(bin, port);
            return settings(runningPort().orElse(port));
        });
    }

    /** Stops the server if it runs (fast shutdown: open sessions are ended); true if it was running. */
    boolean stop() {
        return locked(() -> {
            if (runningPort().isEmpty()) {
                return false;
            }
            Optional<Path> bin = recordedBinaries();
            if (bin.isPresent()) {
                Result r = run(List.of(tool(bin.get(), "pg_ctl"), "stop", "-D", data().toString(), "-m", "fast", "-w", "-t", "120"));
                if (r.exit() != 0 && runningPort().isPresent()) {
                    throw new Fault("Could not stop the embedded PostgreSQL in " + data() + ": " + r.output());
                }
            } else {
                stopByPid();
            }
            return true;
        });
    }

    /** Bytes in the data folder. */
    long size() {
        if (!Files.isDirectory(data())) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(data())) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a WAL segment removed while walking
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    String password() {
        try {
            return Files.readString(home.resolve("password"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new Fault("Could not read the embedded server's password file " + home.resolve("password")
                    + ": " + e.getMessage(), e);
        }
    }

    private void stopByPid() {
        try {
            long pid = Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (IOException | RuntimeException e) {
            throw new Fault("Could not stop the embedded PostgreSQL in " + data() + ": " + e.getMessage(), e);
        }
    }

    /** As root the binaries must be reachable for {@code osUser}: a folder under root's home (0700) is not. */
    private void checkUserCanRun(Path bin) throws IOException {
        Result r = run(List.of(tool(bin, "postgres"), "--version"));
        if (r.exit() != 0) {
            throw new UserError("The embedded PostgreSQL cannot run as the user " + user.name() + " from " + bin
                    + " (" + r.output().strip() + "). As root, set target.embedded.dataDir to a folder that user can "
                    + "reach (the default is /var/lib/dbrestore/postgres; a folder under /root is not), or set "
                    + "target.embedded.osUser.");
        }
    }

    private void initdb(Path bin) throws IOException {
        log.info("Creating the embedded PostgreSQL " + major + " cluster in " + data() + " (initdb)");
        Files.createDirectories(home);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        Path passwordFile = home.resolve("password");
        Files.deleteIfExists(passwordFile);
        Files.writeString(createPrivateFile(passwordFile), password, StandardCharsets.UTF_8);
        Path partial = home.resolve("data.partial");
        BinariesFolder.deleteTree(partial);
        Path pwfile = home.resolve("initdb.pw");
        Files.deleteIfExists(pwfile);
        Files.writeString(createPrivateFile(pwfile), password, StandardCharsets.UTF_8);
        try {
            user.own(pwfile);
            Files.createDirectory(partial);
            user.own(partial);
            Result r = run(List.of(tool(bin, "initdb"), "-D", partial.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=" + platform.locale()));
            if (r.exit() != 0) {
                throw new Fault("initdb of the embedded PostgreSQL " + major + " failed: " + r.output().strip());
            }
            Files.writeString(partial.resolve("postgresql.conf"), FastSettings.CONF, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            Files.move(partial, data(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(pwfile);
            BinariesFolder.deleteTree(partial);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static Path createPrivateFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    private void start(Path bin, int port) throws IOException, InterruptedException {
        Path logFile = home.resolve("server.log");
        if (!Files.exists(logFile)) {
            createPrivateFile(logFile);
        }
        user.own(logFile);
        log.info("Starting the embedded PostgreSQL " + major + " on 127.0.0.1:" + port + " (data: " + data() + ")");
        Result r = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            r = run(List.of(tool(bin, "pg_ctl"), "start", "-D", data().toString(), "-w", "-t", "120", "-l",
                    logFile.toString(), "-o", "-p " + port));
            if (r.exit() == 0 && runningPort().isPresent()) {
                return;
            }
            // after a crash (kill -9) the old server's processes may still hold its shared memory for a moment
            TimeUnit.MILLISECONDS.sleep(1000L * attempt);
        }
        String tail = tail(logFile);
        if (tail.contains("Address already in use")) {
            throw new UserError("The embedded PostgreSQL " + major + " could not listen on 127.0.0.1:" + port
                    + ": the port is in use. Set target.embedded.port to a free port.");
        }
        throw new Fault("The embedded PostgreSQL " + major + " did not start: " + r.output().strip()
                + "\nLast lines of " + logFile + ":\n" + tail);
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private String tool(Path bin, String name) {
        Path exe = bin.resolve("bin").resolve(name);
        return Files.exists(exe) ? exe.toString() : bin.resolve("bin").resolve(name + ".exe").toString();
    }

    record Result(int exit, String output) {
    }

    /** Runs a PostgreSQL tool as the server's user, without the caller's {@code PG*} and locale variables. */
    private Result run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(user.command(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of(platform.os().equals("windows") ? "NUL" : "/dev/null").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_") || k.equals("LANG"));
        pb.directory(home.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new Fault("Interrupted while running " + command.get(0), e);
        }
    }

    interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    /** {@code work} while holding the server's lock: in this JVM (threads) and across processes (a file lock). */
    private <T> T locked(Work<T> work) {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(home.toAbsolutePath().normalize(), k -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(home.resolve("server.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                return work.run();
            }
        } catch (IOException e) {
            throw new Fault("Embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fault("Interrupted while starting the embedded PostgreSQL in " + home, e);
        } finally {
            inProcess.unlock();
        }
    }
}
