package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.Constant;
import dev.dbrestore.config.MaskRule.Expression;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.Sha256;
import dev.dbrestore.support.UserError;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SQL expression that masks one column, per strategy. Each expression is checked against
 * the column's type first, so a rule that cannot work fails before anything runs.
 *
 * <ul>
 * <li>{@code scramble}: a substitution of ASCII letters and digits (case kept) via {@code translate()},
 *   like hand-written scripts do; non-ASCII letters, which translate() would leave readable
 *   ({@code 山田}, {@code Анна}), become {@code X}/{@code x}. Length is kept. The substitution is
 *   derived from the hash salt, so it is not public.</li>
 * <li>{@code email}: {@code 'user' || pk || '@example.com'} (needs a one-column primary key).</li>
 * <li>{@code hash}: hex sha256 of salt || value: equal inputs give equal outputs in every table, so
 *   joins on the masked column still match; a uuid column gets the first 128 bits as a uuid.</li>
 * <li>{@code value}, {@code null}, an expression: as written.</li>
 * </ul>
 * Results are cast to varchar(n)/char(n) columns' type explicitly, which cuts longer values to n
 * characters instead of failing the whole run on one long value.
 */
final class MaskExpressions {
    private static final String ASCII_ALNUM =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String salt;
    private final String scrambled;

    MaskExpressions(String salt) {
        this.salt = salt;
        this.scrambled = substitution(salt);
    }

    String sql(Table table, Column column, ColumnRule rule) {
        if (column.generated() || column.identityAlways()) {
            throw invalid(table, column, "is " + (column.generated() ? "a generated column" : "GENERATED ALWAYS AS IDENTITY")
                    + "; PostgreSQL computes it, so mask the columns it comes from instead");
        }
        String expression = expression(table, column, rule);
        // constants are cast already, scramble keeps the length: only the others may need cutting
        boolean mayBeTooLong = rule instanceof Expression
                || rule instanceof Strategy s && (s.kind() == Strategy.Kind.EMAIL || s.kind() == Strategy.Kind.HASH);
        return column.maxChars() > 0 && mayBeTooLong ? "CAST(" + expression + " AS " + column.type() + ")" : expression;
    }

    private String expression(Table table, Column column, ColumnRule rule) {
        if (rule instanceof Expression e) {
            return "(" + e.sql() + ")";
        }
        if (rule instanceof Constant c) {
            return constant(table, column, c.value());
        }
        Strategy strategy = (Strategy) rule;
        return switch (strategy.kind()) {
            case NULL -> constant(table, column, null);
            case SCRAMBLE -> scramble(table, column);
            case EMAIL -> email(table, column);
            case HASH -> hash(table, column);
        };
    }

    private String constant(Table table, Column column, String value) {
        if (value == null) {
            if (column.notNull()) {
                throw invalid(table, column, "is NOT NULL, so it cannot be set to null; use value: or an expression");
            }
            return "NULL";
        }
        return "CAST(" + Identifiers.literal(value) + " AS " + column.type() + ")";
    }

    private String scramble(Table table, Column column) {
        requireString(table, column, "scramble");
        String value = Identifiers.quote(column.name()) + "::text";
        String ascii = "translate(" + value + ", '" + ASCII_ALNUM + "', '" + scrambled + "')";
        // octet_length = char_length: pure ASCII (in UTF-8), the common case, skips the regular expressions
        return "CASE WHEN octet_length(" + value + ") = char_length(" + value + ") THEN " + ascii
                + " ELSE regexp_replace(regexp_replace(" + ascii + ", " + Identifiers.literal("[^\\x01-\\x7f[:lower:]]")
                + ", 'X', 'g'), " + Identifiers.literal("[^\\x01-\\x7f]") + ", 'x', 'g') END";
    }

    private String email(Table table, Column column) {
        requireString(table, column, "email");
        List<String> key = table.primaryKey();
        if (key.size() != 1) {
            throw invalid(table, column, "cannot use email: it needs a one-column primary key and "
                    + table.display() + " has " + (key.isEmpty() ? "none" : "(" + String.join(", ", key) + ")")
                    + "; use an expression such as 'user' || some_id || '@example.com'");
        }
        return "('user' || " + Identifiers.quote(key.get(0)) + "::text || '@example.com')";
    }

    private String hash(Table table, Column column) {
        boolean uuid = column.baseType().equals("uuid");
        if (!uuid) {
            requireString(table, column, "hash");
        }
        String value = Identifiers.quote(column.name()) + "::text";
        if (column.baseType().equals("citext")) {
            value = "lower(" + value + ")"; // citext compares case-insensitively, so equal values must hash equal
        }
        String hex = "encode(sha256(convert_to(" + Identifiers.literal(salt) + " || " + value + ", 'UTF8')), 'hex')";
        return uuid ? "CAST(left(" + hex + ", 32) AS uuid)" : hex;
    }

    private static void requireString(Table table, Column column, String strategy) {
        if (!column.isString()) {
            throw invalid(table, column, "is " + column.type() + "; " + strategy + " works on text columns only. "
                    + "Use value:, null or an SQL expression");
        }
    }

    private static UserError invalid(Table table, Column column, String problem) {
        return new UserError("mask " + table.display() + "." + Identifiers.display(column.name()) + ": the column " + problem);
    }

    /**
     * A per-salt substitution of a-z, A-Z (same letters, so case is kept) and 0-9. Sattolo's
     * shuffle makes one cycle, so no character maps to itself.
     */
    static String substitution(String salt) {
        SplittableRandom random = new SplittableRandom(seed(salt));
        char[] lower = cycle("abcdefghijklmnopqrstuvwxyz", random);
        char[] digits = cycle("0123456789", random);
        return new String(lower) + new String(lower).toUpperCase(java.util.Locale.ROOT) + new String(digits);
    }

    private static char[] cycle(String alphabet, SplittableRandom random) {
        char[] chars = alphabet.toCharArray();
        for (int i = chars.length - 1; i > 0; i--) {
            int j = random.nextInt(i);
            char t = chars[i];
            chars[i] = chars[j];
            chars[j] = t;
        }
        return chars;
    }

    private static long seed(String salt) {
        return ByteBuffer.wrap(Sha256.of("scramble:" + salt)).getLong();
    }
}
