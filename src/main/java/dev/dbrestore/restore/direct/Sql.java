package dev.dbrestore.restore.direct;

/** Small helpers for SQL text. */
final class Sql {
    private Sql() {
    }

    /** A double-quoted identifier, always quoted (valid for every name, keywords included). */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A single-quoted string literal (standard_conforming_strings on). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The text after leading whitespace and comments, e.g. pg_dump's "-- *not* creating schema" yields "". */
    static String withoutLeadingComments(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else {
                break;
            }
        }
        return sql.substring(i);
    }

    /** Whether the text holds anything but whitespace and comments (the server answers "empty query" otherwise). */
    static boolean hasCode(String sql) {
        return sql != null && !withoutLeadingComments(sql).isEmpty();
    }

    /** The first line of a statement, shortened, for error messages. */
    static String excerpt(String sql) {
        String code = withoutLeadingComments(sql).strip().replaceAll("\\s+", " ");
        return code.length() <= 160 ? code : code.substring(0, 157) + "...";
    }

    private static int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
