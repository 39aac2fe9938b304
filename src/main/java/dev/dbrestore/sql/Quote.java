package dev.dbrestore.sql;

/** Quoting for the few places where SQL text must be built: identifiers and string literals. */
public final class Quote {
    private Quote() {
    }

    /** {@code "name"} with embedded quotes doubled: safe for any database name. */
    public static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains NUL");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code 'text'} with quotes doubled (standard_conforming_strings is on in every session we open). */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("literal contains NUL");
        }
        return '\'' + text.replace("'", "''") + '\'';
    }
}
