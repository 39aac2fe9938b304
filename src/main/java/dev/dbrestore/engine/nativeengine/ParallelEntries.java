package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs entries on several connections at once, as {@code pg_restore -j} does (pg-archive-format.md
 * §9.12): an entry starts once the entries it depends on are done and no running entry holds a
 * table it locks; entries other than INDEX lock every table they depend on, so two ALTER TABLEs on
 * one table never race. As in pg_restore, an entry's dependency on a table is a dependency on
 * that table's data ({@code repoint_table_dependencies}): an index waits until its table is loaded.
 *
 * <p>Entries that are not this scheduler's own ({@code outside}: the data the archive stream
 * loads on the first connection) are reported done with {@link #done(int)} as they finish, so an
 * index starts on another connection while the stream goes on loading later tables. Workers join
 * with {@link #addWorker}; each runs on its own thread.
 */
final class ParallelEntries implements AutoCloseable {
    private static final Set<String> TABLE_LIKE = Set.of("TABLE", "MATERIALIZED VIEW", "FOREIGN TABLE");

    /** Runs one entry on one worker's connection. */
    interface Work {
        void run(EntryApplier worker, TocEntry entry);
    }

    private final Map<Integer, TocEntry> allEntries;
    private final Work work;
    private final List<TocEntry> pending;
    private final Map<Integer, Set<Integer>> waitingFor = new HashMap<>();
    private final Map<Integer, Set<Integer>> runningLocks = new HashMap<>();
    private final Set<Integer> outside;
    private final List<Thread> threads = new ArrayList<>();
    private final int total;
    private int finished;
    private boolean outsideEnded;
    private boolean stopped;
    private RuntimeException failure;

    /**
     * @param allEntries every entry of the TOC by dump id, to resolve dependencies to tables
     * @param entries    the entries to run, in TOC order
     * @param outside    entries run elsewhere and not done yet, which entries here may wait for
     */
    ParallelEntries(Map<Integer, TocEntry> allEntries, List<TocEntry> entries, Collection<Integer> outside, Work work) {
        this.allEntries = allEntries;
        this.work = work;
        this.pending = new ArrayList<>(entries);
        this.outside = new HashSet<>(outside);
        this.total = entries.size();
        Set<Integer> open = new HashSet<>(this.outside);
        entries.forEach(e -> open.add(e.dumpId()));
        Map<Integer, Integer> dataOfTable = dataEntriesByTable(allEntries.values());
        for (TocEntry entry : entries) {
            Set<Integer> dependencies = new HashSet<>();
            for (int id : entry.dependencies()) {
                Integer data = "TABLE DATA".equals(entry.desc()) ? null : dataOfTable.get(id);
                dependencies.add(data != null && open.contains(data) ? data : id);
            }
            dependencies.retainAll(open);
            waitingFor.put(entry.dumpId(), dependencies);
        }
        outsideEnded = this.outside.isEmpty();
    }

    /** A connection that takes entries from now on, on a thread of its own. */
    synchronized void addWorker(EntryApplier worker) {
        Thread thread = new Thread(() -> workOn(worker), "dbrestore-restore-" + (threads.size() + 1));
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** An outside entry is done (or skipped): entries waiting only for it may start. */
    synchronized void done(int dumpId) {
        if (outside.remove(dumpId)) {
            waitingFor.values().forEach(waiting -> waiting.remove(dumpId));
            notifyAll();
        }
    }

    /** No more outside entries will be reported: whatever they were, they are done. */
    synchronized void outsideEnded() {
        new ArrayList<>(outside).forEach(this::done);
        outsideEnded = true;
        notifyAll();
    }

    /** The first failure so far, thrown here so the stream stops early; running entries go on. */
    synchronized void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    synchronized int finishedCount() {
        return finished;
    }

    /** Waits until every entry ran (the outside ones must have ended) and throws the first failure. */
    void finish() {
        synchronized (this) {
            outsideEnded();
            while (failure == null && finished < total) {
                waitQuietly();
            }
            stopped = true;
            notifyAll();
        }
        joinWorkers();
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Stops starting entries and waits for the running ones (after a failure elsewhere). */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        joinWorkers();
    }

    private void workOn(EntryApplier worker) {
        while (true) {
            TocEntry entry = next();
            if (entry == null) {
                return;
            }
            RuntimeException failed = null;
            try {
                work.run(worker, entry);
            } catch (RuntimeException e) {
                failed = e;
            } catch (Error e) {
                failed = new Fault("A restore worker failed: " + e, e);
            }
            ended(entry, failed);
        }
    }

    /** The next entry this worker may run, waiting for one; null when there is nothing more to do. */
    private synchronized TocEntry next() {
        while (true) {
            if (stopped || failure != null || pending.isEmpty()) {
                return null;
            }
            TocEntry ready = takeReady();
            if (ready != null) {
                return ready;
            }
            if (runningLocks.isEmpty() && outsideEnded) {
                // Nothing runs and nothing is ready: a dependency cycle. Run the next entry anyway, as pg_restore does.
                waitingFor.get(pending.get(0).dumpId()).clear();
                continue;
            }
            waitQuietly();
        }
    }

    private TocEntry takeReady() {
        Iterator<TocEntry> candidates = pending.iterator();
        while (candidates.hasNext()) {
            TocEntry entry = candidates.next();
            if (!waitingFor.get(entry.dumpId()).isEmpty()) {
                continue;
            }
            Set<Integer> locks = tablesLockedBy(entry);
            if (runningLocks.values().stream().anyMatch(held -> !Collections.disjoint(held, locks))) {
                continue;
            }
            candidates.remove();
            runningLocks.put(entry.dumpId(), locks);
            return entry;
        }
        return null;
    }

    private synchronized void ended(TocEntry entry, RuntimeException failed) {
        runningLocks.remove(entry.dumpId());
        waitingFor.values().forEach(waiting -> waiting.remove(entry.dumpId()));
        finished++;
        if (failed != null && failure == null) {
            failure = failed;
        }
        notifyAll();
    }

    /** The tables (dump ids) an entry takes a conflicting lock on; CREATE INDEX shares, a data load locks its table. */
    private Set<Integer> tablesLockedBy(TocEntry entry) {
        Set<Integer> tables = new HashSet<>();
        if ("INDEX".equals(entry.desc())) {
            return tables;
        }
        for (int id : entry.dependencies()) {
            TocEntry dependency = allEntries.get(id);
            if (dependency == null) {
                continue;
            }
            if (TABLE_LIKE.contains(dependency.desc())) {
                tables.add(id);
            } else if ("TABLE DATA".equals(dependency.desc()) && !dependency.dependencies().isEmpty()) {
                tables.add(dependency.dependencies().get(0));
            }
        }
        return tables;
    }

    /** Table dump id → the dump id of its TABLE DATA entry. */
    private static Map<Integer, Integer> dataEntriesByTable(Collection<TocEntry> entries) {
        Map<Integer, TocEntry> byId = new HashMap<>();
        entries.forEach(e -> byId.put(e.dumpId(), e));
        Map<Integer, Integer> dataOfTable = new HashMap<>();
        for (TocEntry entry : entries) {
            if (!"TABLE DATA".equals(entry.desc())) {
                continue;
            }
            for (int id : entry.dependencies()) {
                TocEntry table = byId.get(id);
                if (table != null && TABLE_LIKE.contains(table.desc())) {
                    dataOfTable.putIfAbsent(id, entry.dumpId());
                }
            }
        }
        return dataOfTable;
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fault("The restore was interrupted.", e);
        }
    }

    private void joinWorkers() {
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(threads);
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Fault("The restore was interrupted.", e);
            }
        }
    }
}
