package dev.dbrestore.engine.pgrestore;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Platform;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the PostgreSQL client binaries ({@code pgBin:} or PATH) and asks them their version. */
public final class PgTools {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    private final Path pgBin;
    private final Platform platform;
    private final String searchPath;

    public PgTools(Path pgBin) {
        this(pgBin, Platform.current(), System.getenv("PATH"));
    }

    /**
     * @param platform   decides the executables' names ({@code pg_restore.exe} on Windows) and how messages show paths
     * @param searchPath the {@code PATH} to look in when {@code pgBin} is not set
     */
    public PgTools(Path pgBin, Platform platform, String searchPath) {
        this.pgBin = pgBin;
        this.platform = platform;
        this.searchPath = searchPath;
    }

    /** A tool's major and minor version, e.g. 15 and 18 for "pg_restore (PostgreSQL) 15.18". */
    public record Version(String text, int major, int minor) {
        /** The newest archive version this pg_restore reads, packed like ArchiveHeader.packedVersion(). */
        public int maxArchiveVersion() {
            int minorArchive;
            if (major >= 17) {
                minorArchive = 16;
            } else if (major == 16) {
                minorArchive = 15;
            } else if (major >= 12) {
                minorArchive = 14;
            } else if (major >= 10) {
                minorArchive = 13;
            } else {
                minorArchive = 12;
            }
            return (1 * 256 + minorArchive) * 256 + 255;
        }

        public String maxArchiveVersionText() {
            return "1." + ((maxArchiveVersion() >> 8) & 0xff);
        }
    }

    public Path find(String tool) {
        if (pgBin != null) {
            return executableIn(pgBin, tool).orElseThrow(() -> new UserError(tool + " not found in pgBin "
                    + platform.show(pgBin) + ". Point pgBin (or -Ddbrestore.pgBin) at the bin folder of a PostgreSQL"
                    + " client installation."));
        }
        if (searchPath != null) {
            for (String dir : searchPath.split(platform.windows() ? ";" : ":")) {
                if (!dir.isBlank()) {
                    java.util.Optional<Path> found = executableIn(Path.of(dir), tool);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
        }
        throw new UserError(tool + " was not found on PATH. Install the PostgreSQL client tools, set pgBin: in "
                + "restore-profiles.yml (or -Ddbrestore.pgBin=" + platform.examplePgBin() + "), or use engine: native.");
    }

    private java.util.Optional<Path> executableIn(Path dir, String tool) {
        for (String name : platform.executableNames(tool)) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && (platform.windows() || Files.isExecutable(candidate))) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    public Version version(String tool) {
        Path binary = find(tool);
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new Fault("Cannot tell the version of " + binary + " from '" + out + "'");
            }
            return new Version(out, Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        } catch (IOException e) {
            throw new Fault("Cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fault("Interrupted while asking " + binary + " for its version", e);
        }
    }

    /** Kills a client tool and whatever it started (pg_restore's parallel workers), and waits until they are gone. */
    static void kill(Process process) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the kill was sent; nothing more can be done
        }
    }
}
