package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.sql.PsqlScriptLexer;
import dev.dbrestore.sql.ScriptItemBytes;
import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.PolicyRoles;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Progress;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an archive (custom, tar or directory) the way {@code pg_restore --no-owner
 * --no-privileges} does (pg-archive-format.md §9): the session preamble, then every entry in TOC
 * order with table data streamed into COPY as its turn comes, then the post-ACL pass
 * (materialized view refreshes, event triggers). Owners and ACL entries are never applied.
 *
 * <p>With more than one job, the entries after the data (indexes, constraints, ...) run on
 * several connections; the archive is still read once, front to back, on the first connection.
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
    private final List<TocEntry> afterData = new ArrayList<>();
    /** Wall-clock nanoseconds per section (index = TocEntry.SECTION_*), for the closing log line. */
    private final long[] sectionNanos = new long[5];
    private int skippedStatistics;
    private final boolean keepSubscriptions;
    private int skippedSubscriptions;
    private long rowsCopied;
    private int entriesRestored;

    ArchiveRestore(Toc toc, ArchiveHeader header, ArchiveData data, TargetSession session, Progress progress,
                   TableNames excluded, boolean createMissingRoles, int jobs, boolean keepSubscriptions) {
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
        if (createMissingRoles) {
            session.ensureRoles(PolicyRoles.in(toc));
        }
        for (TocEntry entry : toc.entries()) {
            switch (planFor(entry)) {
                case RESTORE -> restoreOrDefer(entry);
                case POST_ACL_PASS -> postAclPass.add(entry);
                case SKIP -> skipData(entry);
            }
        }
        data.finish();
        runAfterDataInParallel();
        for (TocEntry entry : postAclPass) {
            timed(entry.section(), () -> restore(entry));
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
                        + "are left out); %.1f s schema, %.1f s data, %.1f s indexes and constraints.", entriesRestored,
                toc.entries().size(), rowsCopied, seconds(TocEntry.SECTION_PRE_DATA) + seconds(TocEntry.SECTION_NONE),
                seconds(TocEntry.SECTION_DATA), seconds(TocEntry.SECTION_POST_DATA)));
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

    /**
     * With several jobs, everything from the first POST_DATA entry on waits for the parallel
     * phase; should an entry with data come after it (not in pg_dump's order), run what waits first.
     */
    private void restoreOrDefer(TocEntry entry) {
        boolean parallel = jobs > 1 && (entry.section() == TocEntry.SECTION_POST_DATA || !afterData.isEmpty());
        if (parallel && !entry.hasData()) {
            afterData.add(entry);
            return;
        }
        if (entry.hasData()) {
            runAfterDataInParallel();
        }
        timed(entry.section(), () -> restore(entry));
    }

    private void restore(TocEntry entry) {
        entriesRestored++;
        switch (entry.desc()) {
            case "TABLE DATA" -> restoreTableData(entry);
            case "BLOBS" -> restoreLargeObjects(entry);
            default -> applier.apply(entry);
        }
    }

    private void runAfterDataInParallel() {
        if (afterData.isEmpty()) {
            return;
        }
        List<TocEntry> entries = List.copyOf(afterData);
        afterData.clear();
        entriesRestored += entries.size();
        Map<Integer, TocEntry> byId = new HashMap<>();
        toc.entries().forEach(e -> byId.put(e.dumpId(), e));
        List<TargetSession> extraSessions = new ArrayList<>();
        try {
            List<EntryApplier> workers = new ArrayList<>(List.of(applier));
            for (int i = 1; i < jobs; i++) {
                TargetSession worker = session.sibling();
                extraSessions.add(worker);
                preamble.applyTo(worker);
                workers.add(new EntryApplier(worker, header, progress));
            }
            progress.debug("Running " + entries.size() + " entries after the data on " + workers.size() + " connections.");
            timed(TocEntry.SECTION_POST_DATA, () -> new ParallelEntries(byId, workers).run(entries));
        } finally {
            extraSessions.forEach(TargetSession::close);
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

    private void restoreTableData(TocEntry entry) {
        if (!entry.hasData()) {
            return;
        }
        String where = ArchiveData.describe(entry);
        applier.prepareFor(entry);
        String copy = entry.copyStmt();
        if (copy != null && !copy.isBlank()) {
            data.tableData(entry, rows -> {
                long count = session.copyIn(copy,
                        session.copyRows(copy, entry.namespace(), entry.tag(), charset, rows, where), where);
                if (count >= 0) {
                    rowsCopied += count;
                    progress.debug("Copied " + count + " rows into " + entry.qualifiedName());
                }
            });
        } else {
            // Dumped with --inserts: the data is INSERT statements.
            data.tableData(entry, statements -> runStatements(statements, where));
        }
    }

    private void runStatements(InputStream statements, String where) {
        PsqlScriptLexer lexer = new PsqlScriptLexer(statements, where);
        ScriptItemBytes statement;
        while ((statement = lexer.next()) != null) {
            if (!statement.item().isMetaCommand()) {
                session.execute(statement.text(charset), where);
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
