package dev.dbrestore.sql;

import java.util.Locale;

/**
 * Quoting for the few places where SQL text must be built: identifiers and string literals; and
 * the other way round, the name a written identifier stands for.
 */
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

    /**
     * A string literal that means the same whatever standard_conforming_strings says: with a
     * backslash inside it becomes an {@code E''} literal with the backslashes doubled.
     */
    public static String portableLiteral(String text) {
        String quoted = literal(text);
        return text.indexOf('\\') >= 0 ? "E" + quoted.replace("\\", "\\\\") : quoted;
    }

    /**
     * The name an identifier as written in SQL stands for: {@code "Order Items"} is {@code Order Items}
     * (doubled quotes undone), an unquoted {@code Billing} is {@code billing}.
     */
    public static String identifierName(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return written.toLowerCase(Locale.ROOT);
    }
}
