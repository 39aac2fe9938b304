package dev.dbrestore.config;

import java.util.List;

/**
 * The declarative masking of one table: column rules applied by one UPDATE (optionally limited by
 * {@code where}), or a table-level {@code truncate} / {@code delete}.
 *
 * @param table  as written in the YAML: {@code auth_user}, {@code billing.invoice}, {@code "Order Items"}
 */
public record MaskRule(String table, List<ColumnRule> columns, String where, TableAction action) {

    public enum TableAction { UPDATE, TRUNCATE, DELETE }

    /** How one column is masked. */
    public sealed interface ColumnRule {
        String column();
    }

    /** A raw SQL expression, e.g. {@code 'user' || id || '@example.com'}. */
    public record Expression(String column, String sql) implements ColumnRule { }

    /** A constant value ({@code value: ...}); null means SQL NULL. */
    public record Constant(String column, String value) implements ColumnRule { }

    /**
     * A built-in strategy. {@code amount} is the range of {@code dateShift} (days) and
     * {@code numberNoise} (percent); 0 for the others.
     */
    public record Strategy(String column, Kind kind, int amount) implements ColumnRule {
        /** {@code scramble} is a deprecated alias: it now gives a keyed pseudonym of the same shape. */
        public enum Kind { SCRAMBLE, EMAIL, NULL, HASH, FIRST_NAME, LAST_NAME, FULL_NAME, PHONE, DATE_SHIFT, NUMBER_NOISE }

        /** {@code dateShift} without a range: within ± 30 days. */
        public static final int DEFAULT_DAYS = 30;
        /** {@code numberNoise} without a range: within ± 10 %. */
        public static final int DEFAULT_PERCENT = 10;

        public Strategy(String column, Kind kind) {
            this(column, kind, kind == Kind.DATE_SHIFT ? DEFAULT_DAYS : kind == Kind.NUMBER_NOISE ? DEFAULT_PERCENT : 0);
        }
    }
}
