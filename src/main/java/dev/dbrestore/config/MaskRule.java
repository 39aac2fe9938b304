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

    /** A built-in strategy. */
    public record Strategy(String column, Kind kind) implements ColumnRule {
        public enum Kind { SCRAMBLE, EMAIL, NULL, HASH }
    }
}
