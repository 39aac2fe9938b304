package dev.dbrestore.sql;

import java.nio.charset.StandardCharsets;

/** What a piece of SQL holds past its leading comments, and how it is quoted in a message. */
public final class SqlText {
    private static final int EXCERPT = 160;

    private SqlText() {
    }

    /** The text after leading whitespace and comments, e.g. pg_dump's "-- *not* creating schema" yields "". */
    public static String withoutLeadingComments(String sql) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        int gap = PsqlScriptLexer.leadingGapLength(bytes);
        return new String(bytes, gap, bytes.length - gap, StandardCharsets.UTF_8);
    }

    /** Whether the text holds anything but whitespace and comments (the server answers "empty query" otherwise). */
    public static boolean hasCode(String sql) {
        return sql != null && !withoutLeadingComments(sql).isEmpty();
    }

    /** The statement on one line, shortened, for error messages. */
    public static String excerpt(String sql) {
        String code = withoutLeadingComments(sql).strip().replaceAll("\\s+", " ");
        return code.length() <= EXCERPT ? code : code.substring(0, EXCERPT - 3) + "...";
    }
}
