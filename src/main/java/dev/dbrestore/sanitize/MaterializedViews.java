package dev.dbrestore.sanitize;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restore fills materialized views from the raw tables, so they hold copies of the personal
 * data the sanitizer just removed (a view of customers' e-mails stays readable after the table is
 * masked). Every populated materialized view is therefore refreshed after sanitizing, views that
 * read other materialized views after those.
 */
final class MaterializedViews {
    private static final String VIEWS = """
            SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'm' AND c.relispopulated
             ORDER BY 2
            """;

    /** view -> materialized views its query reads. */
    private static final String READS = """
            SELECT DISTINCT r.ev_class, d.refobjid
              FROM pg_rewrite r
              JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
              JOIN pg_class m ON m.oid = d.refobjid AND m.relkind = 'm'
             WHERE d.refobjid <> r.ev_class
            """;

    private final Connection connection;
    private final Progress progress;

    MaterializedViews(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /** Refreshes them all; returns their names in the order refreshed. */
    List<String> refreshAll() throws SQLException {
        Map<Long, String> views = new LinkedHashMap<>();
        Map<Long, Set<Long>> reads = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery(VIEWS)) {
                while (rs.next()) {
                    views.put(rs.getLong(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery(READS)) {
                while (rs.next()) {
                    reads.computeIfAbsent(rs.getLong(1), k -> new LinkedHashSet<>()).add(rs.getLong(2));
                }
            }
            List<String> refreshed = new ArrayList<>();
            Set<Long> done = new LinkedHashSet<>();
            for (Long view : views.keySet()) {
                refresh(s, view, views, reads, done, refreshed);
            }
            return refreshed;
        }
    }

    private void refresh(Statement s, Long view, Map<Long, String> views, Map<Long, Set<Long>> reads,
                         Set<Long> done, List<String> refreshed) throws SQLException {
        if (!views.containsKey(view) || !done.add(view)) {
            return;
        }
        for (Long input : reads.getOrDefault(view, Set.of())) {
            refresh(s, input, views, reads, done, refreshed);
        }
        String name = views.get(view);
        try {
            s.execute("REFRESH MATERIALIZED VIEW " + name);
        } catch (SQLException e) {
            throw new UserError("Refreshing materialized view " + name + " from the sanitized tables failed: "
                    + ServerMessages.describe(e), e);
        }
        progress.info("Refreshed materialized view " + name + " from the sanitized data");
        refreshed.add(name);
    }
}
