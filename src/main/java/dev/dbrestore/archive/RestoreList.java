package dev.dbrestore.archive;

import java.util.StringJoiner;

/**
 * A {@code pg_restore -L} list built from a TOC: every entry except the TABLE DATA of excluded
 * tables, so that the pg_restore engine honours {@code excludeTableData} while still reading the
 * dump from its standard input. pg_restore only reads the dump id at the start of each line; the
 * rest of the line mirrors {@code pg_restore -l} for people reading the file.
 */
public final class RestoreList {
    private RestoreList() {
    }

    /** The list's text, one entry per line; excluded entries appear as ';' comment lines. */
    public static String excluding(Toc toc, TableNames excludedTableData) {
        StringJoiner lines = new StringJoiner("\n", "", "\n");
        for (TocEntry entry : toc.entries()) {
            boolean excluded = "TABLE DATA".equals(entry.desc()) && excludedTableData.matches(entry);
            lines.add((excluded ? ";" : "") + entry.dumpId() + "; " + orDash(entry.tableOid()) + " " + orDash(entry.oid())
                    + " " + entry.desc() + " " + orDash(entry.namespace()) + " " + oneLine(entry.tag()) + " "
                    + orDash(entry.owner()));
        }
        return lines.toString();
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : oneLine(text);
    }

    /** A newline in a name would end the list line early. */
    private static String oneLine(String text) {
        return text == null ? "-" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
