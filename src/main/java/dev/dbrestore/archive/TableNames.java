package dev.dbrestore.archive;

import java.util.List;

/**
 * Matches tables against user-written names such as {@code django_session},
 * {@code public.django_session} or {@code public."Order Items"} (DESIGN.md {@code excludeTableData}).
 */
public final class TableNames {
    private final List<String> patterns;

    public TableNames(List<String> patterns) {
        this.patterns = patterns == null ? List.of() : patterns.stream().map(TableNames::normalise).toList();
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether {@code schema.table} (both unquoted, as in a TOC entry) is named by a pattern. */
    public boolean matches(String schema, String table) {
        for (String pattern : patterns) {
            if (pattern.equals(table) || (schema != null && pattern.equals(schema + "." + table))) {
                return true;
            }
        }
        return false;
    }

    /** A TABLE DATA entry's table is named by a pattern. */
    public boolean matches(TocEntry tableData) {
        return matches(tableData.namespace(), tableData.tag());
    }

    /** Removes double quotes around each dotted part: public."Order Items" -> public.Order Items. */
    static String normalise(String pattern) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        String text = pattern.trim();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
