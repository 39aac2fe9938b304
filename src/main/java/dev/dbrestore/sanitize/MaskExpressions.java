package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.Constant;
import dev.dbrestore.config.MaskRule.Expression;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.UserError;

import java.util.function.UnaryOperator;

/**
 * The SQL expression that masks one column, per strategy, and its twin in Java for masking in the
 * restore stream ({@link #inStream}): both give the same value for the same input and salt. Each
 * expression is checked against the column's type first, so a rule that cannot work fails before
 * anything runs.
 *
 * <ul>
 * <li>{@code email}, {@code firstName}, {@code lastName}, {@code fullName}, {@code phone},
 *   {@code hash}, {@code dateShift}, {@code numberNoise}, and {@code scramble} (deprecated): keyed
 *   pseudonyms, see {@link Pseudonyms} and {@link MaskFunctions}. A citext column's value is
 *   lower-cased before {@code hash} (equal values must hash equal); a uuid column gets the first
 *   128 bits of the hash as a uuid.</li>
 * <li>{@code value}, {@code null}, an expression: as written.</li>
 * </ul>
 * Results are cast to varchar(n)/char(n) columns' type explicitly, which cuts longer values to n
 * characters instead of failing the whole run on one long value.
 */
final class MaskExpressions {
    private static final java.util.Set<String> DATE_TYPES = java.util.Set.of("date", "timestamp", "timestamptz");
    private static final java.util.Set<String> NUMBER_TYPES = java.util.Set.of("int2", "int4", "int8", "numeric");

    private final Pseudonyms pseudonyms;

    MaskExpressions(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    String sql(Table table, Column column, ColumnRule rule) {
        if (column.generated() || column.identityAlways()) {
            throw invalid(table, column, "is " + (column.generated() ? "a generated column" : "GENERATED ALWAYS AS IDENTITY")
                    + "; PostgreSQL computes it, so mask the columns it comes from instead");
        }
        String expression = expression(table, column, rule);
        // constants are cast already: only the others may need cutting
        boolean mayBeTooLong = rule instanceof Expression
                || rule instanceof Strategy s && s.kind() != Strategy.Kind.NULL;
        return column.maxChars() > 0 && mayBeTooLong ? "CAST(" + expression + " AS " + column.type() + ")" : expression;
    }

    /**
     * The same mask computed in Java on one value as COPY gives it (null for NULL), or null when
     * this rule cannot run in the stream: an SQL expression, citext for hash (lower() follows the
     * database's locale), or a rule {@link #sql} rejects (its UPDATE then reports the problem).
     */
    UnaryOperator<String> inStream(Table table, Column column, ColumnRule rule) {
        try {
            sql(table, column, rule);
        } catch (UserError e) {
            return null;
        }
        UnaryOperator<String> mask = javaMask(column, rule);
        if (mask == null) {
            return null;
        }
        boolean padded = column.baseType().equals("bpchar");
        int maxChars = column.maxChars();
        return value -> {
            if (value == null && !(rule instanceof Constant)) {
                return null;
            }
            // bpchar::text drops the padding the SQL functions would otherwise not see
            String masked = mask.apply(padded && value != null ? value.stripTrailing() : value);
            return maxChars > 0 && masked != null && masked.codePointCount(0, masked.length()) > maxChars
                    ? masked.substring(0, masked.offsetByCodePoints(0, maxChars)) : masked;
        };
    }

    private UnaryOperator<String> javaMask(Column column, ColumnRule rule) {
        if (rule instanceof Constant c) {
            return value -> c.value();
        }
        if (!(rule instanceof Strategy strategy)) {
            return null;
        }
        int amount = strategy.amount();
        return switch (strategy.kind()) {
            case NULL -> value -> null;
            case SCRAMBLE -> pseudonyms::scramble;
            case EMAIL -> pseudonyms::email;
            case FIRST_NAME -> pseudonyms::firstName;
            case LAST_NAME -> pseudonyms::lastName;
            case FULL_NAME -> pseudonyms::fullName;
            case PHONE -> pseudonyms::phone;
            case HASH -> column.baseType().equals("citext") ? null
                    : value -> pseudonyms.hash(value, column.baseType().equals("uuid"));
            case DATE_SHIFT -> value -> {
                String shifted = pseudonyms.dateShift(value, column.baseType(), amount);
                if (shifted == null) {
                    throw new UserError("dateShift of column " + Identifiers.display(column.name()) + ": a value has a "
                            + "form the restore stream cannot shift (a year before 1 or after 9999)");
                }
                return shifted;
            };
            case NUMBER_NOISE -> value -> pseudonyms.numberNoise(value, amount);
        };
    }

    private String expression(Table table, Column column, ColumnRule rule) {
        if (rule instanceof Expression e) {
            return "(" + e.sql() + ")";
        }
        if (rule instanceof Constant c) {
            return constant(table, column, c.value());
        }
        Strategy strategy = (Strategy) rule;
        String value = Identifiers.quote(column.name());
        return switch (strategy.kind()) {
            case NULL -> constant(table, column, null);
            case SCRAMBLE -> text(table, column, "scramble", "pg_temp.dbrestore_shape(%s, 'scramble', false)");
            case EMAIL -> text(table, column, "email", "pg_temp.dbrestore_email(%s)");
            case FIRST_NAME -> text(table, column, "firstName", "pg_temp.dbrestore_first_name(%s)");
            case LAST_NAME -> text(table, column, "lastName", "pg_temp.dbrestore_last_name(%s)");
            case FULL_NAME -> text(table, column, "fullName", "pg_temp.dbrestore_full_name(%s)");
            case PHONE -> text(table, column, "phone", "pg_temp.dbrestore_shape(%s, 'phone', true)");
            case HASH -> hash(table, column);
            case DATE_SHIFT -> {
                String type = column.baseType();
                if (!DATE_TYPES.contains(type)) {
                    throw invalid(table, column, "is " + column.type() + "; dateShift works on date, timestamp and "
                            + "timestamptz columns only");
                }
                String day = switch (type) {
                    case "date" -> value + " - DATE '1970-01-01'";
                    case "timestamp" -> value + "::date - DATE '1970-01-01'";
                    default -> "(" + value + " AT TIME ZONE 'UTC')::date - DATE '1970-01-01'";
                };
                String shift = "pg_temp.dbrestore_shift(" + day + ", " + strategy.amount() + ")";
                String shifted = switch (type) {
                    case "date" -> value + " + " + shift;
                    case "timestamp" -> value + " + make_interval(days => " + shift + ")";
                    default -> value + " + make_interval(hours => 24 * " + shift + ")";
                };
                yield "CAST(CASE WHEN isfinite(" + value + ") THEN " + shifted + " ELSE " + value + " END AS "
                        + column.type() + ")";
            }
            case NUMBER_NOISE -> {
                if (!NUMBER_TYPES.contains(column.baseType())) {
                    throw invalid(table, column, "is " + column.type() + "; numberNoise works on integer and numeric "
                            + "columns only");
                }
                yield "CAST(pg_temp.dbrestore_noise(" + value + "::numeric, " + strategy.amount() + ") AS "
                        + column.type() + ")";
            }
        };
    }

    private static String text(Table table, Column column, String strategy, String call) {
        requireString(table, column, strategy);
        return call.formatted(Identifiers.quote(column.name()) + "::text");
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

    private String hash(Table table, Column column) {
        boolean uuid = column.baseType().equals("uuid");
        if (!uuid) {
            requireString(table, column, "hash");
        }
        String value = Identifiers.quote(column.name()) + "::text";
        if (column.baseType().equals("citext")) {
            value = "lower(" + value + ")"; // citext compares case-insensitively, so equal values must hash equal
        }
        String hex = "pg_temp.dbrestore_hash(" + value + ")";
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
}
