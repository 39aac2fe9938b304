package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.sql.PsqlScriptLexer;
import dev.dbrestore.sql.ScriptItemBytes;
import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.PolicyRoles;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.RestoreMeter;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies an archive (custom, tar or directory) the way {@code pg_restore --no-owner
 * --no-privileges} does (pg-archive-format.md §9): the session preamble, then every entry in TOC
 * order with table data streamed into COPY as its turn comes, then the post-ACL pass
 * (materialized view refreshes, event triggers). Owners and ACL entries are never applied.
 *
 * <p>With more than one job, the entries after the data (indexes, constraints, ...) run on the
 * other connections as soon as the tables they need are loaded, while the first connection goes
 * on loading the archive stream, read once, front to back; once it has ended, it joins them. An
 * archive read at random (a file or folder) loads several tables at once as well.
 */
final class ArchiveRestore {
    private final Toc toc;
    private final ArchiveHeader header;
    private final ArchiveData data;
    private final TargetSession session;
    private final EntryApplier applier;
    private final SessionPreamble preamble;
    private final Progress progress;
    private final TableNames excluded;
    private final boolean createMissingRoles;
    private final int jobs;
    private final int serverMajor;
    private final Charset charset;
    private final List<TocEntry> postAclPass = new ArrayList<>();
    /** Wall-clock nanoseconds per section (index = TocEntry.SECTION_*), for the closing log line. */
    private final long[] sectionNanos = new long[5];
    private int skippedStatistics;
    private final boolean keepSubscriptions;
    private int skippedSubscriptions;
    private final AtomicLong rowsCopied = new AtomicLong();
    private final AtomicInteger entriesRestored = new AtomicInteger();
    /** Post-data entries that finished on other connections while the stream was still loading data. */
    private int overlapped;
    private final RestoreMeter meter;
    private final Map<Integer, TocEntry> byId = new HashMap<>();
    private final boolean freeze = !"false".equals(System.getProperty("dbrestore.copyFreeze"));

    ArchiveRestore(Toc toc, ArchiveHeader header, ArchiveData data, TargetSession session, Progress progress,
                   RestoreMeter meter, TableNames excluded, boolean createMissingRoles, int jobs,
                   boolean keepSubscriptions) {
        this.meter = meter;
        toc.entries().forEach(e -> byId.put(e.dumpId(), e));
        this.toc = toc;
        this.header = header;
        this.data = data;
        this.session = session;
        this.progress = progress;
        this.excluded = excluded;
        this.createMissingRoles = createMissingRoles;
        this.jobs = Math.max(1, jobs);
        this.keepSubscriptions = keepSubscriptions;
        this.applier = new EntryApplier(session, header, progress);
        this.preamble = new SessionPreamble(toc);
        this.charset = preamble.charset();
        this.serverMajor = session.serverMajor();
    }

    void run() {
        preamble.applyTo(session);
        SessionTuning.applyTo(session, jobs);
        meter.phase("schema");
        if (createMissingRoles) {
            session.ensureRoles(PolicyRoles.in(toc));
        }
        List<TocEntry> entries = toc.entries();
        List<Plan> plans = new ArrayList<>();
        entries.forEach(entry -> plans.add(planFor(entry)));
        List<TocEntry> parallelWork = jobs > 1 ? parallelWork(entries, plans) : List.of();
        Set<Integer> parallelIds = new HashSet<>();
        parallelWork.forEach(entry -> parallelIds.add(entry.dumpId()));
        meter.plan(countTables(entries, plans), countPostData(entries, plans));
        ParallelEntries parallel = null;
        List<TargetSession> extraSessions = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                TocEntry entry = entries.get(i);
                if (parallel == null && !parallelWork.isEmpty() && startsDataPhase(entry)) {
                    parallel = startParallel(parallelWork, outside(entries.subList(i, entries.size()), parallelIds),
                            extraSessions);
                }
                if (!parallelIds.contains(entry.dumpId())) {
                    if (plans.get(i) == Plan.RESTORE) {
                        meter.phase(startsDataPhase(entry) && entry.section() != TocEntry.SECTION_POST_DATA
                                ? "data" : entry.section() == TocEntry.SECTION_POST_DATA ? "indexes and constraints" : "schema");
                    }
                    switch (plans.get(i)) {
                        case RESTORE -> timed(entry.section(), () -> restore(entry, applier));
                        case POST_ACL_PASS -> postAclPass.add(entry);
                        case SKIP -> skipData(entry);
                    }
                }
                if (parallel != null) {
                    parallel.done(entry.dumpId());
                    parallel.throwIfFailed();
                }
            }
            data.finish();
            if (parallel == null && !parallelWork.isEmpty()) {
                parallel = startParallel(parallelWork, List.of(), extraSessions);
            }
            if (parallel != null) {
                overlapped = parallel.finishedCount();
                meter.phase("indexes and constraints");
                parallel.addWorker(applier);
                ParallelEntries all = parallel;
                timed(TocEntry.SECTION_POST_DATA, all::finish);
            }
        } finally {
            if (parallel != null) {
                parallel.close();
            }
            extraSessions.forEach(TargetSession::close);
        }
        meter.phase("finishing");
        for (TocEntry entry : postAclPass) {
            timed(entry.section(), () -> restore(entry, applier));
        }
        if (skippedSubscriptions > 0) {
            progress.info("Skipped " + skippedSubscriptions + " subscription entr(y/ies): a development copy must not "
                    + "subscribe to the production publisher (keepSubscriptions: true restores them, disabled)");
        }
        if (skippedStatistics > 0) {
            progress.warn("Skipped " + skippedStatistics + " STATISTICS DATA entries: the target server is PostgreSQL "
                    + serverMajor + ", and restoring planner statistics needs 18 or newer. Run ANALYZE if you need them.");
        }
        progress.info(String.format("Restored %d of %d TOC entries and %d table rows (ownership and privilege entries "
                + "are left out); %s.", entriesRestored.get(), toc.entries().size(), rowsCopied.get(), timeline()));
    }

    /**
     * Where the time went: on one connection the phases follow each other and their sums say it; on
     * several, data and indexes overlap, so the times are of the wall clock since the start.
     */
    private String timeline() {
        double schema = seconds(TocEntry.SECTION_PRE_DATA) + seconds(TocEntry.SECTION_NONE);
        double loaded = meter.secondsUntilDataLoaded();
        if (jobs == 1 || loaded < 0) {
            return String.format(Locale.ROOT, "%.1f s schema, %.1f s data, %.1f s indexes and constraints", schema,
                    seconds(TocEntry.SECTION_DATA), seconds(TocEntry.SECTION_POST_DATA));
        }
        return String.format(Locale.ROOT, "%.1f s schema; on %d connections every table's data was loaded %.1f s after the "
                + "start and the last index or constraint %.1f s after that%s", schema, jobs, loaded,
                Math.max(0, meter.secondsElapsed() - loaded), overlapped > 0
                        ? " (" + overlapped + " entries ran while the data loaded)" : "");
    }

    /**
     * With several jobs, the entries that run on several connections: everything after the data
     * (it starts as soon as the tables it needs are loaded, while later tables still load), and,
     * when the archive can be read at random (a file or folder), the table data too, biggest
     * first, as {@code pg_restore -j} does. None when an entry with data comes after the first
     * post-data entry (not pg_dump's order): then everything runs in TOC order on one connection.
     */
    private List<TocEntry> parallelWork(List<TocEntry> entries, List<Plan> plans) {
        List<TocEntry> tableData = new ArrayList<>();
        List<TocEntry> afterData = new ArrayList<>();
        boolean postData = false;
        for (int i = 0; i < entries.size(); i++) {
            TocEntry entry = entries.get(i);
            if (plans.get(i) != Plan.RESTORE) {
                continue;
            }
            postData |= entry.section() == TocEntry.SECTION_POST_DATA;
            if (entry.hasData() && postData) {
                progress.debug("An entry with data comes after the post-data entries: restoring in TOC order.");
                return List.of();
            }
            if (entry.hasData() && data.randomAccess() && "TABLE DATA".equals(entry.desc())) {
                tableData.add(entry);
            } else if (postData) {
                afterData.add(entry);
            }
        }
        tableData.sort(Comparator.comparingLong(data::sizeOf).reversed());
        List<TocEntry> work = new ArrayList<>(tableData);
        work.addAll(afterData);
        return work;
    }

    private static boolean startsDataPhase(TocEntry entry) {
        return entry.section() == TocEntry.SECTION_DATA || entry.section() == TocEntry.SECTION_POST_DATA || entry.hasData();
    }

    private static List<Integer> outside(List<TocEntry> rest, Set<Integer> parallelIds) {
        List<Integer> ids = new ArrayList<>();
        rest.stream().filter(e -> !parallelIds.contains(e.dumpId())).forEach(e -> ids.add(e.dumpId()));
        return ids;
    }

    /** Opens the other connections and lets them take entries; this connection joins once the stream has ended. */
    private ParallelEntries startParallel(List<TocEntry> work, List<Integer> outside, List<TargetSession> extraSessions) {
        ParallelEntries parallel = new ParallelEntries(byId, work, outside, (worker, entry) -> {
            entriesRestored.incrementAndGet();
            if ("TABLE DATA".equals(entry.desc())) {
                restoreTableData(entry, worker);
            } else {
                worker.apply(entry);
                if (entry.section() == TocEntry.SECTION_POST_DATA) {
                    meter.postDataDone();
                }
            }
        });
        meter.phase(outside.isEmpty() ? "indexes and constraints" : "data");
        progress.debug("Running " + work.size() + " entries on " + jobs + " connections"
                + (outside.isEmpty() ? "." : ", the first one reading the archive stream."));
        try {
            for (int i = 1; i < jobs; i++) {
                TargetSession worker = session.sibling();
                extraSessions.add(worker);
                preamble.applyTo(worker);
                SessionTuning.applyTo(worker, jobs);
                parallel.addWorker(new EntryApplier(worker, header, progress));
            }
        } catch (RuntimeException e) {
            parallel.close();
            throw e;
        }
        return parallel;
    }

    private static int countTables(List<TocEntry> entries, List<Plan> plans) {
        int tables = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (plans.get(i) == Plan.RESTORE && entries.get(i).hasData() && "TABLE DATA".equals(entries.get(i).desc())) {
                tables++;
            }
        }
        return tables;
    }

    private static int countPostData(List<TocEntry> entries, List<Plan> plans) {
        int count = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (plans.get(i) != Plan.SKIP && entries.get(i).section() == TocEntry.SECTION_POST_DATA) {
                count++;
            }
        }
        return count;
    }

    private enum Plan { RESTORE, POST_ACL_PASS, SKIP }

    /** pg_restore's choice for each entry under --no-owner --no-privileges and a whole-database restore. */
    private Plan planFor(TocEntry entry) {
        String desc = entry.desc();
        String tag = entry.tag() == null ? "" : entry.tag();
        switch (desc) {
            case "ENCODING", "STDSTRINGS", "SEARCHPATH":          // part of the preamble
            case "DATABASE", "DATABASE PROPERTIES":               // only with --create
            case "ACL", "DEFAULT ACL", "ACL LANGUAGE":            // --no-privileges
            case "BLOB COMMENTS", "<Init>", "Max OID", "pg_largeobject", "pg_largeobject_metadata":
                return Plan.SKIP;
            case "STATISTICS DATA":
                if (serverMajor < 18) {
                    skippedStatistics++;
                    return Plan.SKIP;
                }
                return entry.section() == TocEntry.SECTION_POST_DATA ? Plan.POST_ACL_PASS : Plan.RESTORE;
            case "SUBSCRIPTION", "SUBSCRIPTION TABLE":            // --no-subscriptions, unless kept
                if (!keepSubscriptions) {
                    skippedSubscriptions++;
                    return Plan.SKIP;
                }
                return Plan.RESTORE;
            case "EVENT TRIGGER", "MATERIALIZED VIEW DATA":
                return Plan.POST_ACL_PASS;
            case "COMMENT", "SECURITY LABEL":
                if (tag.startsWith("DATABASE ")) {
                    return Plan.SKIP;
                }
                return tag.startsWith("EVENT TRIGGER ") ? Plan.POST_ACL_PASS : Plan.RESTORE;
            case "TABLE DATA":
                if (excluded.matches(entry)) {
                    progress.info("Skipping the rows of " + entry.qualifiedName() + " (excludeTableData).");
                    return Plan.SKIP;
                }
                return Plan.RESTORE;
            default:
                return Plan.RESTORE;
        }
    }

    private void restore(TocEntry entry, EntryApplier worker) {
        entriesRestored.incrementAndGet();
        switch (entry.desc()) {
            case "TABLE DATA" -> restoreTableData(entry, worker);
            case "BLOBS" -> restoreLargeObjects(entry);
            default -> {
                worker.apply(entry);
                if (entry.section() == TocEntry.SECTION_POST_DATA) {
                    meter.postDataDone();
                }
            }
        }
    }

    private void skipData(TocEntry entry) {
        if (!entry.hasData()) {
            return;
        }
        if ("BLOBS".equals(entry.desc())) {
            data.largeObjects(entry, null);
        } else {
            data.tableData(entry, null);
        }
    }

    /** One table's rows, on the connection of {@code worker} (the stream's own, or any when read at random). */
    private void restoreTableData(TocEntry entry, EntryApplier worker) {
        if (!entry.hasData()) {
            return;
        }
        String where = ArchiveData.describe(entry);
        worker.prepareFor(entry);
        TargetSession target = worker.session();
        String copy = entry.copyStmt();
        if (copy != null && !copy.isBlank()) {
            data.tableData(entry, rows -> copyRows(entry, rows, target));
        } else {
            // Dumped with --inserts: the data is INSERT statements.
            data.tableData(entry, statements -> runStatements(statements, where, target));
        }
        if (data.randomAccess()) {
            meter.bytesRead(data.sizeOf(entry));
        }
        meter.tableDone();
    }

    /**
     * The one place where a table's COPY rows flow to the server (through the request's row rewriter, when
     * it masks the table in the stream). When the statement loads the
     * entry's own table, the load truncates it in the same transaction and copies with FREEZE
     * (see {@link TargetSession#copyIn}).
     */
    private void copyRows(TocEntry entry, InputStream rows, TargetSession target) {
        String table = freeze ? CopyStatement.ownTable(entry, byId) : null;
        String where = ArchiveData.describe(entry);
        long count = target.copyIn(entry.copyStmt(),
                target.copyRows(entry.copyStmt(), entry.namespace(), entry.tag(), charset, rows, where), where, table);
        if (count >= 0) {
            rowsCopied.addAndGet(count);
            meter.rows(count);
            progress.debug("Copied " + count + " rows into " + entry.qualifiedName());
        }
    }

    private void runStatements(InputStream statements, String where, TargetSession target) {
        PsqlScriptLexer lexer = new PsqlScriptLexer(statements, where);
        ScriptItemBytes statement;
        while ((statement = lexer.next()) != null) {
            if (!statement.item().isMetaCommand()) {
                target.execute(statement.text(charset), where);
            }
        }
    }

    private void restoreLargeObjects(TocEntry entry) {
        if (!entry.hasData()) {
            return;
        }
        String where = ArchiveData.describe(entry);
        session.beginLargeObjects();
        boolean[] ok = {true};
        try {
            data.largeObjects(entry, (oid, content) -> {
                if (ok[0]) {
                    ok[0] = session.writeLargeObject(oid, content, where);
                }
            });
        } catch (RuntimeException e) {
            session.abandonLargeObjects();
            throw e;
        }
        session.endLargeObjects(ok[0], where);
    }

    private void timed(int section, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            sectionNanos[section] += System.nanoTime() - start;
        }
    }

    private double seconds(int section) {
        return sectionNanos[section] / 1e9;
    }
}
