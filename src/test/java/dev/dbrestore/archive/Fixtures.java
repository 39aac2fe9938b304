package dev.dbrestore.archive;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixture dumps (real pg_dump output), found through DBRESTORE_FIXTURES. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root() {
        String configured = System.getenv("DBRESTORE_FIXTURES");
        Path root = configured != null ? Path.of(configured) : Path.of("../shared/fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fixtures folder not found: " + root.toAbsolutePath());
        }
        return root;
    }

    public static Path acme(String file) {
        return root().resolve("acme").resolve(file);
    }

    public static Path pagila(String file) {
        return root().resolve("pagila").resolve(file);
    }

    /** acme/... or pagila/... by file name prefix. */
    public static Path file(String name) {
        return name.startsWith("pagila") ? pagila(name) : acme(name);
    }
}
