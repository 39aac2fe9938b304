package dev.dbrestore.app;

import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.engine.RestoreEngine;
import dev.dbrestore.engine.nativeengine.NativeRestoreEngine;
import dev.dbrestore.engine.pgrestore.PgRestoreEngine;
import dev.dbrestore.support.UserError;

import java.util.Locale;

/** Chooses the restore engine from the {@code engine} setting. */
public final class Engines {
    private Engines() {
    }

    public static RestoreEngine select(String name, ProbedDump dump) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            // auto = native: it matches pg_restore on every fixture (the differential suite) and reads
            // every archive version, whatever client tools the machine has
            case "auto", "native" -> new NativeRestoreEngine();
            case "pg_restore", "pgrestore" -> new PgRestoreEngine();
            default -> throw new UserError("Unknown engine '" + name + "'. Use auto, native or pg_restore.");
        };
    }
}
