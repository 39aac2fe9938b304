package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.testing.TestPg;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a restored database holds, in comparable form: row count and md5 of the rows of every
 * table (sorted by their text, as the pagila README does), the large objects, every sequence's
 * state, and the normalised {@code pg_dump --schema-only} text.
 */
final class Fingerprint {
    private static final String TABLES = """
            SELECT format('%I.%I', n.nspname, c.relname) AS tbl,
                   (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text AS n,
                   (xpath('/row/m/text()', query_to_xml(format($q$SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS m FROM %I.%I t$q$, n.nspname, c.relname), false, true, '')))[1]::text AS md5
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r','p','m') AND c.relispopulated
               AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'
             ORDER BY 1""";
    private static final String LARGE_OBJECTS = """
            SELECT count(*), md5(coalesce(string_agg(m.oid::text || ':' || md5(lo_get(m.oid)), E'\\n' ORDER BY m.oid), ''))
              FROM pg_largeobject_metadata m""";
    private static final String SEQUENCES = """
            SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1""";

    private Fingerprint() {
    }

    /** table/LO/sequence name -> "count md5" or "last_value is_called". */
    static Map<String, String> data(String database) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = TestPg.connect(database); Statement s = c.createStatement()) {
            for (String setting : List.of("SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, YMD'",
                    "SET IntervalStyle = 'postgres'", "SET bytea_output = 'hex'", "SET extra_float_digits = 1")) {
                s.execute(setting);
            }
            try (ResultSet rows = s.executeQuery(TABLES)) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2) + " " + rows.getString(3));
                }
            }
            try (ResultSet rows = s.executeQuery(LARGE_OBJECTS)) {
                rows.next();
                result.put("large objects", rows.getString(1) + " " + rows.getString(2));
            }
            List<String> sequences;
            try (ResultSet rows = s.executeQuery(SEQUENCES)) {
                sequences = new java.util.ArrayList<>();
                while (rows.next()) {
                    sequences.add(rows.getString(1));
                }
            }
            for (String sequence : sequences) {
                try (ResultSet rows = s.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
                    rows.next();
                    result.put("sequence " + sequence, rows.getLong(1) + " " + rows.getBoolean(2));
                }
            }
        }
        return result;
    }

    /** pg_dump --schema-only of the database without comments, blank lines and \restrict lines. */
    static String schema(String database) throws IOException, InterruptedException {
        TestPg.ToolResult dump = TestPg.run(database, List.of("pg_dump", "--schema-only"), null);
        if (dump.exitCode() != 0) {
            throw new IllegalStateException("pg_dump failed: " + dump.stderr());
        }
        return dump.stdout().lines()
                .filter(line -> !line.startsWith("--") && !line.isBlank())
                .filter(line -> !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }
}
