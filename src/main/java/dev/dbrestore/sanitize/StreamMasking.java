package dev.dbrestore.sanitize;

import dev.dbrestore.config.LeakScanMode;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.Expression;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Mask rules applied to the rows of a COPY while they stream to the server (native engine), so the
 * raw value of a masked column is never written to the staging database, its WAL or a dead tuple.
 *
 * <p>A column rule runs in the stream when its value comes from the row alone: {@code email},
 * {@code hash} (not on citext), {@code null}, {@code value:}, the pseudonyms. It stays with the
 * UPDATE after the load when it is an SQL expression, its rule has a {@code where:}, the column has
 * more than one rule, its table is a parent of other tables (its rows load through the children),
 * or its name appears in SQL that may need the raw value (a sanitize file, an expression, a
 * {@code where} or a {@code delete}) — those run after the load and would otherwise see masked values.
 */
public final class StreamMasking {
    private final ConnectionSettings server;
    private final String database;
    private final List<MaskRule> rules;
    private final MaskExpressions expressions;
    private final List<String> rawReaders;
    private final Progress progress;
    private final StreamedColumns streamed = new StreamedColumns();
    /** The raw values the stream masks, fingerprinted for the leak scan; null when the leak scan is off. */
    private final LeakFingerprints fingerprints;
    /** One taker of raw values per table loaded, each fed by the thread of its COPY. */
    private final List<LeakFingerprints.Taker> takers = new ArrayList<>();
    private Map<String, List<Planned>> byTable;

    private record Planned(Column column, ColumnRule rule, UnaryOperator<String> mask, String tableSchema) {
    }

    private StreamMasking(ConnectionSettings server, String database, List<MaskRule> rules, String salt,
                          List<String> rawReaders, Progress progress, boolean leakScan) {
        this.fingerprints = leakScan ? new LeakFingerprints() : null;
        this.server = server;
        this.database = database;
        this.rules = rules;
        this.expressions = new MaskExpressions(new Pseudonyms(salt));
        this.rawReaders = rawReaders;
        this.progress = progress;
    }

    /** The stream masking of {@code profile}'s rules for a restore into {@code database}; null when no rule could run there. */
    public static StreamMasking of(ConnectionSettings server, String database, Profile profile, Settings settings,
                                   Path baseDir, Progress progress) {
        List<MaskRule> rules = profile.mask() == null ? List.of() : profile.mask();
        boolean candidates = rules.stream().anyMatch(StreamMasking::mayStream);
        if (!candidates) {
            return null;
        }
        List<String> rawReaders = new ArrayList<>();
        SqlFile.load(baseDir, profile.sanitize()).forEach(file -> rawReaders.add(file.text()));
        for (MaskRule rule : rules) {
            if (rule.where() != null) {
                rawReaders.add(rule.where());
            }
            for (ColumnRule column : rule.columns() == null ? List.<ColumnRule>of() : rule.columns()) {
                if (column instanceof Expression e) {
                    rawReaders.add(e.sql());
                }
            }
        }
        return new StreamMasking(server, database, rules, Sanitizer.saltOf(settings), rawReaders, progress,
                Sanitizer.leakScanMode(profile, settings) != LeakScanMode.OFF);
    }

    private static boolean mayStream(MaskRule rule) {
        return (rule.action() == null || rule.action() == MaskRule.TableAction.UPDATE) && rule.where() == null
                && rule.columns() != null && rule.columns().stream().anyMatch(c -> !(c instanceof Expression));
    }

    /** The fingerprints of the raw values masked in the stream, for the leak scan after the load; null when it is off. */
    LeakFingerprints fingerprints() {
        synchronized (takers) {
            takers.forEach(LeakFingerprints.Taker::flush);
            takers.clear();
        }
        return fingerprints;
    }

    /** What ran in the stream, for the sanitizer that runs the rest after the load. */
    StreamedColumns streamed() {
        return streamed;
    }

    /** The masking of the rows of a COPY into {@code schema.table}, or null when none of its columns is masked in the stream. */
    public CopyRowMask forTable(String schema, String table, List<String> copyColumns, Charset charset) {
        List<Planned> planned = plannedFor(schema, table);
        if (planned.isEmpty() || copyColumns.isEmpty()) {
            return null;
        }
        List<UnaryOperator<String>> masks = new ArrayList<>();
        copyColumns.forEach(c -> masks.add(null));
        List<ColumnRule> applied = new ArrayList<>();
        List<String> names = new ArrayList<>();
        LeakFingerprints.Taker taker = taker();
        for (Planned p : planned) {
            int at = copyColumns.indexOf(p.column().name());
            if (at >= 0) {
                masks.set(at, fingerprinted(taker, Identifiers.display(planned.get(0).tableSchema(), table) + "."
                        + Identifiers.display(p.column().name()), p.mask()));
                applied.add(p.rule());
                names.add(Identifiers.display(p.column().name()));
            }
        }
        if (applied.isEmpty()) {
            return null;
        }
        String display = Identifiers.display(planned.get(0).tableSchema(), table);
        StreamedColumns.Table record = streamed.add(planned.get(0).tableSchema(), table, display, applied, names);
        progress.info("Masking " + display + " in the restore stream: " + String.join(", ", names));
        return new CopyRowMask(display, masks, charset, record.rows());
    }

    /** A taker for one table's COPY; null when the leak scan is off. */
    private LeakFingerprints.Taker taker() {
        if (fingerprints == null) {
            return null;
        }
        LeakFingerprints.Taker taker = fingerprints.taker();
        synchronized (takers) {
            takers.add(taker);
        }
        return taker;
    }

    /** The mask, first handing the raw value to the leak scan's fingerprints (the table's own taker). */
    private UnaryOperator<String> fingerprinted(LeakFingerprints.Taker taker, String column, UnaryOperator<String> mask) {
        if (taker == null) {
            return mask;
        }
        int rule = fingerprints.ruleIndex(column);
        return raw -> {
            taker.rawValue(rule, raw);
            return mask.apply(raw);
        };
    }

    private synchronized List<Planned> plannedFor(String schema, String table) {
        if (byTable == null) {
            byTable = plan();
        }
        List<Planned> found = byTable.get(schema + "\u0000" + table);
        if (found == null && schema == null) {
            List<List<Planned>> named = byTable.entrySet().stream().filter(e -> e.getKey().endsWith("\u0000" + table))
                    .map(Map.Entry::getValue).toList();
            found = named.size() == 1 ? named.get(0) : null; // a COPY without a schema into a name two schemas have: UPDATE
        }
        return found == null ? List.of() : found;
    }

    /** Resolves the rules against the restored schema (the tables exist once COPY starts). */
    private Map<String, List<Planned>> plan() {
        try (Connection connection = PgAdmin.open(server, database)) {
            SchemaCatalog catalog = SchemaCatalog.load(connection);
            Set<Long> parents = parents(connection);
            Map<String, Integer> rulesPerColumn = new HashMap<>();
            Map<Long, Table> resolved = new LinkedHashMap<>();
            for (MaskRule rule : rules) {
                Table t = resolve(catalog, rule);
                if (t == null) {
                    continue;
                }
                resolved.putIfAbsent(t.oid(), t);
                for (ColumnRule c : rule.columns() == null ? List.<ColumnRule>of() : rule.columns()) {
                    Column column = SchemaCatalog.column(t, c.column());
                    if (column != null) {
                        rulesPerColumn.merge(t.oid() + "\u0000" + column.name(), 1, Integer::sum);
                    }
                }
            }
            Map<String, List<Planned>> plans = new HashMap<>();
            for (MaskRule rule : rules) {
                Table t = resolve(catalog, rule);
                if (t == null || rule.columns() == null) {
                    continue;
                }
                String whole = !mayStream(rule) ? (rule.where() != null ? "the rule has a where:" : null)
                        : parents.contains(t.oid()) ? "its rows load through the tables that inherit from it" : null;
                for (ColumnRule c : rule.columns()) {
                    Column column = SchemaCatalog.column(t, c.column());
                    if (column == null) {
                        continue;
                    }
                    String why = whole != null ? whole
                            : c instanceof Expression ? "an SQL expression"
                            : rulesPerColumn.get(t.oid() + "\u0000" + column.name()) != 1 ? "the column has two rules"
                            : readsRaw(column.name()) ? "a sanitize file, where: or expression names the column" : null;
                    UnaryOperator<String> mask = why == null ? expressions.inStream(t, column, c) : null;
                    if (mask != null) {
                        plans.computeIfAbsent(t.schema() + "\u0000" + t.name(), k -> new ArrayList<>())
                                .add(new Planned(column, c, mask, t.schema()));
                    } else {
                        progress.info("Mask " + t.display() + "." + Identifiers.display(column.name())
                                + " runs as the UPDATE after the load: "
                                + (why != null ? why : "its rule needs the database (type or key)"));
                    }
                }
            }
            return plans;
        } catch (SQLException e) {
            throw new Fault("Reading the restored schema for masking in the stream failed: " + ServerMessages.describe(e), e);
        }
    }

    private static Table resolve(SchemaCatalog catalog, MaskRule rule) {
        try {
            return catalog.resolve(rule.table());
        } catch (UserError e) {
            return null; // the sanitizer reports it, with every other problem, before it changes anything
        }
    }

    private boolean readsRaw(String column) {
        Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}_$])" + Pattern.quote(column.toLowerCase(Locale.ROOT))
                + "(?![\\p{L}\\p{N}_$])");
        return rawReaders.stream().anyMatch(text -> word.matcher(text.toLowerCase(Locale.ROOT)).find());
    }

    private static Set<Long> parents(Connection connection) throws SQLException {
        Set<Long> parents = new HashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT inhparent FROM pg_catalog.pg_inherits")) {
            while (rs.next()) {
                parents.add(rs.getLong(1));
            }
        }
        return parents;
    }
}
