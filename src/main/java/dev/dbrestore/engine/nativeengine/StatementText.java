package dev.dbrestore.engine.nativeengine;

/** What a statement's text holds past its comments, and how it is quoted in a message. */
final class StatementText {
    private StatementText() {
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
