package dev.dbrestore.engine;

import dev.dbrestore.support.UserError;

import java.util.Set;

/**
 * The psql meta-commands a plain dump may hold: only those pg_dump itself writes. A dump comes
 * from a backup store that may be compromised, and psql would run {@code &#92;! rm -rf ~} or
 * {@code &#92;o |sh} as the user; both engines therefore refuse every other meta-command, naming the
 * line, before anything runs it.
 */
public final class PsqlMetaCommands {
    /** {@code &#92;restrict}/{@code &#92;unrestrict} (psql's own guard, pg_dump 17.6+), {@code &#92;connect} (pg_dump --create). */
    private static final Set<String> WRITTEN_BY_PG_DUMP = Set.of("\\restrict", "\\unrestrict", "\\connect", "\\c");

    private PsqlMetaCommands() {
    }

    /** The command's name: {@code &#92;connect} of {@code &#92;connect acme}. */
    public static String name(String line) {
        return line.strip().split("\\s+", 2)[0];
    }

    /** Whether {@code line} reconnects to another database ({@code &#92;connect}), which a restore into one database skips. */
    public static boolean isConnect(String line) {
        String name = name(line);
        return name.equals("\\connect") || name.equals("\\c");
    }

    /** Throws, naming the dump and the line, unless {@code line} is a meta-command pg_dump writes. */
    public static void requireWrittenByPgDump(String line, String dump, int lineNumber) {
        String name = name(line);
        if (!WRITTEN_BY_PG_DUMP.contains(name)) {
            throw new UserError(dump + " holds the psql meta-command " + name + " at line " + lineNumber
                    + ". pg_dump writes none but \\connect, \\restrict and \\unrestrict, so this dump was changed "
                    + "after it was made; nothing of it was run. Check where the backup comes from.");
        }
    }
}
