package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule.ColumnRule;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which column rules were applied to which tables in the restore stream, and to how many rows; the
 * mask planner leaves them out of the UPDATEs. Written by the restore's threads, read after it.
 */
final class StreamedColumns {
    static final StreamedColumns NONE = new StreamedColumns();

    /** One table masked in the stream: its rules (in the YAML's order) and the rows that went through them. */
    record Table(String display, List<ColumnRule> rules, List<String> columns, AtomicLong rows) {
    }

    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    Table add(String schema, String table, String display, List<ColumnRule> rules, List<String> columns) {
        Table streamed = new Table(display, List.copyOf(rules), List.copyOf(columns), new AtomicLong());
        tables.put(key(schema, table), streamed);
        return streamed;
    }

    boolean masked(String schema, String table, ColumnRule rule) {
        Table streamed = tables.get(key(schema, table));
        return streamed != null && streamed.rules().contains(rule);
    }

    List<Table> all() {
        return tables.values().stream().sorted(java.util.Comparator.comparing(Table::display)).toList();
    }

    private static String key(String schema, String table) {
        return schema + "\u0000" + table;
    }
}
