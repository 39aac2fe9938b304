package dev.dbrestore.archive;

import dev.dbrestore.sql.Quote;
import dev.dbrestore.support.Progress;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Matches archive table names against names written in the YAML ({@code excludeTableData}):
 * {@code table} matches that table in any schema, {@code schema.table} only in that schema; a
 * name in double quotes keeps its case.
 */
public final class TableNames {
    private record Name(String schema, String table) {
    }

    private final List<Name> names;
    private final Set<Name> matched = new LinkedHashSet<>();

    public TableNames(List<String> written) {
        this.names = (written == null ? List.<String>of() : written).stream().map(TableNames::parse).toList();
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** A TABLE DATA entry's table is named. */
    public boolean matches(TocEntry tableData) {
        return matches(tableData.namespace(), tableData.tag());
    }

    public boolean matches(String schema, String table) {
        for (Name n : names) {
            if (n.table.equals(table) && (n.schema == null || n.schema.equals(schema))) {
                matched.add(n);
                return true;
            }
        }
        return false;
    }

    public void warnUnmatched(Progress progress) {
        for (Name n : names) {
            if (!matched.contains(n)) {
                progress.warn("excludeTableData names " + (n.schema == null ? "" : n.schema + ".") + n.table
                        + ", which is not a table with data in this dump");
            }
        }
    }

    static Name parse(String written) {
        String s = written.trim();
        int dot = dotOutsideQuotes(s);
        if (dot < 0) {
            return new Name(null, Quote.identifierName(s));
        }
        return new Name(Quote.identifierName(s.substring(0, dot)), Quote.identifierName(s.substring(dot + 1)));
    }

    private static int dotOutsideQuotes(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
