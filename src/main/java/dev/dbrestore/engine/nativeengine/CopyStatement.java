package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.sql.Quote;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the restore may change in a TABLE DATA entry's {@code COPY ... FROM stdin;} statement. */
final class CopyStatement {
    private static final String IDENT = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern TARGET = Pattern.compile("COPY " + IDENT + "\\." + IDENT + "[ (]");
    private CopyStatement() {
    }

    /**
     * The entry's own table, quoted, when its COPY statement loads exactly that table, an
     * ordinary table of the dump (not the partition root of a {@code --load-via-partition-root}
     * dump, whose rows land in other entries' tables, and never a foreign table: truncating one
     * would reach outside the database); else null.
     */
    static String ownTable(TocEntry entry, Map<Integer, TocEntry> allEntries) {
        String copy = entry.copyStmt();
        if (copy == null || entry.tag() == null || entry.namespace() == null || entry.namespace().isEmpty()
                || !dependsOnOrdinaryTable(entry, allEntries)) {
            return null;
        }
        Matcher target = TARGET.matcher(copy);
        if (!target.lookingAt() || withFreeze(copy) == null
                || !entry.namespace().equals(Quote.identifierName(target.group(1)))
                || !entry.tag().equals(Quote.identifierName(target.group(2)))) {
            return null;
        }
        return Quote.ident(entry.namespace()) + "." + Quote.ident(entry.tag());
    }

    private static boolean dependsOnOrdinaryTable(TocEntry entry, Map<Integer, TocEntry> allEntries) {
        for (int id : entry.dependencies()) {
            TocEntry table = allEntries.get(id);
            if (table != null && "TABLE".equals(table.desc()) && entry.tag().equals(table.tag())
                    && entry.namespace().equals(table.namespace()) && table.relkind() != 'p' && table.relkind() != 'f') {
                return true;
            }
        }
        return false;
    }

    /** {@code COPY t (a, b) FROM stdin WITH (FREEZE)}, or null when the statement is not the plain form pg_dump writes. */
    static String withFreeze(String copy) {
        String statement = copy.strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).stripTrailing();
        }
        if (!statement.toLowerCase(Locale.ROOT).endsWith(" from stdin")) {
            return null;
        }
        return statement + " WITH (FREEZE)";
    }
}
