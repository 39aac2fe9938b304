package dev.dbrestore.sanitize;

import dev.dbrestore.sanitize.Identifiers.Part;
import dev.dbrestore.support.UserError;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the sanitizer needs to know about the database's user tables: columns with their types,
 * primary keys and foreign keys. System schemas and tables that belong to an extension are left out.
 */
final class SchemaCatalog {

    /** A table (or partitioned table, or materialized view). */
    record Table(long oid, String schema, String name, char kind, boolean partition, List<Column> columns,
                 List<String> primaryKey) {

        String sql() {
            return Identifiers.qualified(schema, name);
        }

        String display() {
            return Identifiers.display(schema, name);
        }

        boolean isMaterializedView() {
            return kind == 'm';
        }

        List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    /**
     * A column. {@code category} is pg_type.typcategory of the base type (domains resolved),
     * {@code elementCategory} that of an array's element type; {@code maxChars} is n of varchar(n)/char(n), or 0.
     */
    record Column(String name, String type, String baseType, char category, char elementCategory, boolean notNull,
                  boolean generated, boolean identityAlways, int maxChars) {

        /** Text, varchar, char, citext, name, json(b), xml, bytea, and arrays of these: where free text can hide. */
        boolean isTextLike() {
            return category == 'S' || Set.of("json", "jsonb", "xml", "bytea", "hstore").contains(baseType)
                    || (category == 'A' && elementCategory == 'S');
        }

        /** A column that string functions (translate, ||) work on directly. */
        boolean isString() {
            return category == 'S';
        }
    }

    private static final String EXCLUDED_SCHEMAS =
            "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
                    + "AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private static final String COLUMNS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition,
                   a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attgenerated <> '', a.attidentity = 'a',
                   bt.typname, bt.typcategory, coalesce(et.typcategory, ' '),
                   CASE WHEN bt.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 ELSE 0 END
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              JOIN LATERAL (
                   WITH RECURSIVE chain(oid, basetype) AS (
                        SELECT t.oid, t.typbasetype FROM pg_type t WHERE t.oid = a.atttypid
                        UNION ALL
                        SELECT t.oid, t.typbasetype FROM chain JOIN pg_type t ON t.oid = chain.basetype
                   )
                   SELECT oid FROM chain WHERE basetype = 0) base ON true
              JOIN pg_type bt ON bt.oid = base.oid
              LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
             WHERE c.relkind IN ('r', 'p', 'm') AND %s
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                  AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY n.nspname, c.relname, a.attnum
            """.formatted(EXCLUDED_SCHEMAS);

    private static final String PRIMARY_KEYS = """
            SELECT i.indrelid, a.attname
              FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indisprimary
             ORDER BY i.indrelid, array_position(i.indkey::int2[], a.attnum)
            """;

    /** Foreign keys: referencing table -> referenced table (self references left out). */
    private static final String FOREIGN_KEYS =
            "SELECT conrelid, confrelid FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid";

    private final Map<Long, Table> tables;
    private final Map<Long, Set<Long>> referencedBy;

    private SchemaCatalog(Map<Long, Table> tables, Map<Long, Set<Long>> referencedBy) {
        this.tables = tables;
        this.referencedBy = referencedBy;
    }

    /** A catalog of tables known otherwise (a dump's TOC): {@code referencedBy} maps a table to those whose foreign keys point at it. */
    static SchemaCatalog of(Map<Long, Table> tables, Map<Long, Set<Long>> referencedBy) {
        return new SchemaCatalog(tables, referencedBy);
    }

    static SchemaCatalog load(Connection connection) throws SQLException {
        Map<Long, List<String>> keys = new LinkedHashMap<>();
        Map<Long, Set<Long>> referencedBy = new LinkedHashMap<>();
        Map<Long, Table> tables = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery(PRIMARY_KEYS)) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery(FOREIGN_KEYS)) {
                while (rs.next()) {
                    referencedBy.computeIfAbsent(rs.getLong(2), k -> new LinkedHashSet<>()).add(rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery(COLUMNS)) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    Table table = tables.computeIfAbsent(oid, o -> {
                        try {
                            return new Table(o, rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                                    rs.getBoolean(5), new ArrayList<>(), keys.getOrDefault(o, List.of()));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    table.columns().add(new Column(rs.getString(6), rs.getString(7), rs.getString(11),
                            rs.getString(12).charAt(0), rs.getString(13).charAt(0), rs.getBoolean(8),
                            rs.getBoolean(9), rs.getBoolean(10), rs.getInt(14)));
                }
            }
        }
        return new SchemaCatalog(tables, referencedBy);
    }

    /**
     * A catalog of a schema read from elsewhere (an archive's TOC): no oids, so each table gets its
     * position; a column's type is classified from its name ({@link #columnOfType}); no primary keys.
     */
    static SchemaCatalog of(List<ColumnCoverage.SchemaTable> schema) {
        Map<Long, Table> tables = new LinkedHashMap<>();
        Map<String, Long> oids = new LinkedHashMap<>();
        long oid = 1;
        for (ColumnCoverage.SchemaTable t : schema) {
            List<Column> columns = t.columns().stream().map(c -> columnOfType(c.name(), c.type())).toList();
            tables.put(oid, new Table(oid, t.schema(), t.name(), 'r', t.partition(), columns, List.of()));
            oids.put(t.schema() + "." + t.name(), oid++);
        }
        Map<Long, Set<Long>> referencedBy = new LinkedHashMap<>();
        for (ColumnCoverage.SchemaTable t : schema) {
            for (String referencing : t.referencedBy() == null ? List.<String>of() : t.referencedBy()) {
                Long from = oids.get(referencing);
                if (from != null) {
                    referencedBy.computeIfAbsent(oids.get(t.schema() + "." + t.name()), k -> new LinkedHashSet<>()).add(from);
                }
            }
        }
        return new SchemaCatalog(tables, referencedBy);
    }

    private static final Set<String> STRING_TYPES = Set.of("text", "character varying", "varchar", "character", "char",
            "bpchar", "citext", "name");
    private static final Set<String> NUMBER_TYPES = Set.of("smallint", "integer", "bigint", "int", "int2", "int4",
            "int8", "numeric", "decimal", "real", "double precision", "float4", "float8", "money", "oid");

    /**
     * A column known only by its type's name as {@code format_type} prints it ({@code character
     * varying(32)}, {@code text[]}, {@code public.citext}): built-in names are classified; any other
     * type (a domain, an enum) counts as neither text nor number.
     */
    static Column columnOfType(String name, String type) {
        String t = type.strip().toLowerCase(Locale.ROOT);
        boolean array = t.endsWith("[]");
        String base = t.replaceAll("\\[\\]", "").replaceAll("\\(.*\\)", "").strip();
        base = base.substring(base.lastIndexOf('.') + 1).replace("\"", "");
        char category = STRING_TYPES.contains(base) ? 'S'
                : NUMBER_TYPES.contains(base) ? 'N'
                : base.equals("boolean") || base.equals("bool") ? 'B'
                : base.startsWith("timestamp") || base.startsWith("date") || base.startsWith("time") ? 'D' : 'U';
        String baseType = switch (base) {
            case "character varying" -> "varchar";
            case "character", "char" -> "bpchar";
            default -> base;
        };
        return new Column(name, type, array ? "_" + baseType : baseType, array ? 'A' : category,
                array ? category : ' ', false, false, false, 0);
    }

    /** Ordinary and partitioned tables (not materialized views). */
    List<Table> tables() {
        return tables.values().stream().filter(t -> !t.isMaterializedView()).toList();
    }

    List<Table> materializedViews() {
        return tables.values().stream().filter(Table::isMaterializedView).toList();
    }

    /**
     * The table a YAML name means: {@code schema.table} as given; a bare name in {@code public} first,
     * else in the one schema that has it.
     */
    Table resolve(String written) {
        List<Part> parts = Identifiers.parse(written);
        Part name = parts.get(parts.size() - 1);
        Part schema = parts.size() == 2 ? parts.get(0) : null;
        Table found = schema == null ? find(written, tablesIn("public"), null, name) : null;
        if (found == null) {
            found = find(written, tables(), schema, name);
        }
        if (found == null) {
            throw new UserError("Table '" + written + "' does not exist in the restored database"
                    + suggestion(name.text()) + ".");
        }
        return found;
    }

    /** The column of {@code table} a YAML name means (exact, else case-insensitive when unambiguous). */
    static Column column(Table table, String written) {
        Part part = new Part(written.startsWith("\"") && written.endsWith("\"") && written.length() > 1
                ? written.substring(1, written.length() - 1).replace("\"\"", "\"") : written,
                written.startsWith("\""));
        List<Column> exact = table.columns().stream().filter(c -> Identifiers.matches(part, c.name(), false)).toList();
        if (exact.size() == 1) {
            return exact.get(0);
        }
        List<Column> loose = table.columns().stream().filter(c -> Identifiers.matches(part, c.name(), true)).toList();
        if (loose.size() == 1) {
            return loose.get(0);
        }
        if (loose.size() > 1) {
            throw new UserError("Column '" + written + "' of " + table.display() + " is ambiguous: "
                    + loose.stream().map(c -> Identifiers.display(c.name())).collect(Collectors.joining(", "))
                    + ". Write it in SQL double quotes to pick one.");
        }
        return null;
    }

    /** Every table that references {@code table} through foreign keys, directly or through others. */
    List<Table> dependents(Table table) {
        Set<Long> seen = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(table.oid()));
        while (!todo.isEmpty()) {
            for (Long referencing : referencedBy.getOrDefault(todo.pop(), Set.of())) {
                if (referencing != table.oid() && seen.add(referencing)) {
                    todo.push(referencing);
                }
            }
        }
        return seen.stream().map(tables::get).filter(t -> t != null).toList();
    }

    private List<Table> tablesIn(String schema) {
        return tables().stream().filter(t -> t.schema().equals(schema)).toList();
    }

    /** Exact names first; only when nothing matches exactly, names that differ in case. */
    private static Table find(String written, List<Table> candidates, Part schema, Part name) {
        for (boolean loose : new boolean[] {false, true}) {
            List<Table> matches = candidates.stream()
                    .filter(t -> (schema == null || Identifiers.matches(schema, t.schema(), loose))
                            && Identifiers.matches(name, t.name(), loose))
                    .toList();
            if (matches.size() > 1) {
                throw new UserError("Table '" + written + "' is ambiguous: "
                        + matches.stream().map(Table::display).collect(Collectors.joining(", "))
                        + ". Qualify it with its schema, in SQL double quotes for the exact case.");
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
        }
        return null;
    }

    private String suggestion(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> close = tables().stream()
                .filter(t -> t.name().toLowerCase(Locale.ROOT).contains(wanted) || wanted.contains(t.name().toLowerCase(Locale.ROOT)))
                .map(Table::display).limit(5).toList();
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }
}
