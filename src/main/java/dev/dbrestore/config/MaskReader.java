package dev.dbrestore.config;

import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.MaskRule.TableAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code mask:}: table name → {@code truncate}, {@code {delete: "condition"}}, or a map of
 * column rules with an optional {@code where}. Tables keep the YAML's order and are taken as
 * written ({@code billing.invoice}, {@code "Order Items"}); the sanitizer quotes them.
 */
final class MaskReader {
    private static final String STRATEGIES =
            "email, firstName, lastName, fullName, phone, dateShift, numberNoise, hash, null, scramble (deprecated)";
    private static final String TABLE_FORMS = "truncate, { delete: \"condition\" }, or a map of column rules";

    private MaskReader() {
    }

    static List<MaskRule> read(ConfigNode node) {
        if (node == null) {
            return List.of();
        }
        List<MaskRule> rules = new ArrayList<>();
        node.map().entries().forEach((table, rule) -> rules.add(table(table, rule)));
        return List.copyOf(rules);
    }

    private static MaskRule table(String table, ConfigNode rule) {
        if (rule.isScalar()) {
            String action = rule.string().trim();
            if (action.equals("truncate")) {
                return new MaskRule(table, List.of(), null, TableAction.TRUNCATE);
            }
            if (action.equals("delete")) {
                throw rule.error("'" + rule.path() + "': delete needs a condition, e.g. "
                        + "{ delete: \"created_at < now() - interval '1 year'\" }; to remove every row write truncate");
            }
        }
        if (!rule.isMap()) {
            throw rule.expected(TABLE_FORMS);
        }
        ConfigMap map = rule.map();
        return map.keys().contains("delete") ? delete(table, map) : update(table, map);
    }

    private static MaskRule delete(String table, ConfigMap map) {
        for (String key : map.keys()) {
            if (!key.equals("delete")) {
                throw map.keyError(key, map.entries().get(key), "'" + map.node().path() + "' deletes rows, so it cannot also have '"
                        + key + "'; put the whole condition in delete: and mask columns in a separate rule");
            }
        }
        String condition = map.requiredString("delete", "write the rows to delete as an SQL condition");
        return new MaskRule(table, List.of(), condition, TableAction.DELETE);
    }

    private static MaskRule update(String table, ConfigMap map) {
        List<ColumnRule> columns = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            if (!entry.getKey().equals("where")) {
                columns.add(column(entry.getKey(), entry.getValue()));
            }
        }
        if (columns.isEmpty()) {
            throw map.node().error("'" + map.node().path() + "' masks no column; add column: rule lines, or write truncate");
        }
        return new MaskRule(table, List.copyOf(columns), map.string("where"), TableAction.UPDATE);
    }

    /** {@code { dateShift: 90 }} (days) or {@code { numberNoise: 5 }} (percent). */
    private static ColumnRule ranged(String column, ConfigNode rule) {
        String key = rule.map().keys().iterator().next();
        boolean days = key.equals("dateShift");
        int max = days ? 3650 : 100;
        ConfigNode amount = rule.map().entries().get(key);
        int value;
        try {
            value = Integer.parseInt(amount.isScalar() ? amount.string().trim() : "");
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > max) {
            throw amount.error("'" + amount.path() + "' must be a whole number of " + (days ? "days" : "percent")
                    + " from 1 to " + max);
        }
        return new Strategy(column, days ? Strategy.Kind.DATE_SHIFT : Strategy.Kind.NUMBER_NOISE, value);
    }

    /** {@code scramble}, {@code email}, {@code null}, {@code hash}, {@code ~}, {@code {value: X}}, or any other SQL expression. */
    private static ColumnRule column(String column, ConfigNode rule) {
        if (rule.isNull()) {
            return new Strategy(column, Strategy.Kind.NULL);
        }
        if (rule.isMap() && rule.map().keys().size() == 1
                && (rule.map().keys().contains("dateShift") || rule.map().keys().contains("numberNoise"))) {
            return ranged(column, rule);
        }
        if (rule.isMap()) {
            ConfigMap constant = rule.map(List.of("value"));
            ConfigNode value = constant.entries().get("value");
            if (value == null) {
                throw rule.error("'" + rule.path() + "' needs value: (the constant to write)");
            }
            return new MaskRule.Constant(column, value.isNull() ? null : value.string());
        }
        String text = rule.isScalar() ? rule.string() : null;
        if (text == null || text.isBlank()) {
            throw rule.expected(STRATEGIES + ", { value: ... } or an SQL expression");
        }
        return switch (text.trim()) {
            case "scramble" -> new Strategy(column, Strategy.Kind.SCRAMBLE);
            case "email" -> new Strategy(column, Strategy.Kind.EMAIL);
            case "null" -> new Strategy(column, Strategy.Kind.NULL);
            case "hash" -> new Strategy(column, Strategy.Kind.HASH);
            case "firstName" -> new Strategy(column, Strategy.Kind.FIRST_NAME);
            case "lastName" -> new Strategy(column, Strategy.Kind.LAST_NAME);
            case "fullName" -> new Strategy(column, Strategy.Kind.FULL_NAME);
            case "phone" -> new Strategy(column, Strategy.Kind.PHONE);
            case "dateShift" -> new Strategy(column, Strategy.Kind.DATE_SHIFT);
            case "numberNoise" -> new Strategy(column, Strategy.Kind.NUMBER_NOISE);
            case "truncate", "delete" -> throw rule.error("'" + rule.path() + "': " + text.trim()
                    + " applies to a whole table; write it as the table's rule, not a column's");
            default -> new MaskRule.Expression(column, text);
        };
    }
}
