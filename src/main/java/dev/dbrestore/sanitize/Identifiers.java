package dev.dbrestore.sanitize;

import dev.dbrestore.sql.Quote;
import dev.dbrestore.support.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Table and column names as a user writes them in the YAML, and as SQL needs them.
 *
 * <p>YAML quoting swallows SQL's double quotes ({@code "Order Items":} is the string
 * {@code Order Items}), so a name part is matched against the catalog exactly first and then
 * case-insensitively when that is unambiguous. A part the user wrote in SQL double quotes
 * ({@code '"MixedCase"'}) is matched exactly only.
 */
final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    /** One dotted part of a written name. */
    record Part(String text, boolean quoted) {
    }

    private Identifiers() {
    }

    /** Always-quoted identifier: correct for any name the catalog holds. */
    static String quote(String name) {
        return Quote.ident(name);
    }

    /** A string literal that means the same whatever standard_conforming_strings says ({@link Quote#portableLiteral}). */
    static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new UserError("A mask value cannot contain a NUL character");
        }
        return Quote.portableLiteral(text);
    }

    /** {@code "schema"."table"} */
    static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** A name for messages: quoted only when SQL would need it ({@code billing.invoice}, {@code public."Order Items"}). */
    static String display(String name) {
        return PLAIN.matcher(name).matches() ? name : quote(name);
    }

    static String display(String schema, String name) {
        return display(schema) + "." + display(name);
    }

    /**
     * Splits {@code billing.invoice}, {@code "My Schema"."My.Table"}, {@code Order Items} into parts.
     * Unquoted parts are taken as written (no case folding: the catalog match decides).
     */
    static List<Part> parse(String written) {
        List<Part> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        String text = written.strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                inQuotes = true;
                quoted = true;
            } else if (c == '.') {
                parts.add(new Part(quoted ? current.toString() : current.toString().strip(), quoted));
                current.setLength(0);
                quoted = false;
            } else {
                current.append(c);
            }
        }
        if (inQuotes) {
            throw new UserError("Unbalanced double quote in the name " + written);
        }
        parts.add(new Part(quoted ? current.toString() : current.toString().strip(), quoted));
        if (parts.size() > 2 || parts.stream().anyMatch(p -> p.text().isEmpty())) {
            throw new UserError("'" + written + "' is not a table name: write table or schema.table "
                    + "(SQL double quotes for names with dots)");
        }
        return parts;
    }

    /** Does catalog name {@code actual} match the written part: exactly, or (loose) ignoring case unless quoted. */
    static boolean matches(Part part, String actual, boolean loose) {
        return loose ? !part.quoted() && part.text().equalsIgnoreCase(actual) : part.text().equals(actual);
    }
}
