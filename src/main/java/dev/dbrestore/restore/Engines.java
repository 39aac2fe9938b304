package dev.dbrestore.restore;

import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.restore.direct.NativeRestoreEngine;
import dev.dbrestore.restore.pgrestore.PgRestoreEngine;
import dev.dbrestore.support.UserError;

import java.util.Locale;

/** Chooses the restore engine from the {@code engine} setting. */
public final class Engines {
    private Engines() {
    }

    public static RestoreEngine select(String name, ProbedDump dump) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "auto", "pg_restore", "pgrestore" -> new PgRestoreEngine();
            case "native" -> new NativeRestoreEngine();
            default -> throw new UserError("Unknown engine '" + name + "'. Use auto, native or pg_restore.");
        };
    }
}
