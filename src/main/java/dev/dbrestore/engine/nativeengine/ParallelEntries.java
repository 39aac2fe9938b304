package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the entries after the data (indexes, constraints, triggers, ...) on several connections at
 * once, as {@code pg_restore -j} does (pg-archive-format.md §9.12): an entry starts once the
 * entries it depends on are done and no running entry holds a table it locks; entries other
 * than INDEX lock every table they depend on, so two ALTER TABLEs on one table never race.
 * The archive stream has been read to its end before this starts: nothing here reads data.
 */
final class ParallelEntries {
    private static final Set<String> TABLE_LIKE = Set.of("TABLE", "MATERIALIZED VIEW", "FOREIGN TABLE");

    private final Map<Integer, TocEntry> allEntries;
    private final List<EntryApplier> workers;

    private record Finished(TocEntry entry, EntryApplier worker, RuntimeException failure) {
    }

    /** @param allEntries every entry of the TOC by dump id, to resolve dependencies to tables */
    ParallelEntries(Map<Integer, TocEntry> allEntries, List<EntryApplier> workers) {
        this.allEntries = allEntries;
        this.workers = workers;
    }

    /** Runs the entries; the first failure (strict mode) stops new starts and is thrown once the running ones end. */
    void run(List<TocEntry> entries) {
        Set<Integer> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.dumpId()));
        Map<Integer, Set<Integer>> waitingFor = new HashMap<>();
        for (TocEntry entry : entries) {
            Set<Integer> dependencies = new HashSet<>(entry.dependencies());
            dependencies.retainAll(ids);
            waitingFor.put(entry.dumpId(), dependencies);
        }
        List<TocEntry> pending = new ArrayList<>(entries);
        Deque<EntryApplier> idle = new ArrayDeque<>(workers);
        Map<Integer, Set<Integer>> runningLocks = new HashMap<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers.size(), task -> {
            Thread thread = new Thread(task, "dbrestore-restore-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<Finished> finished = new ExecutorCompletionService<>(pool);
        RuntimeException failure = null;
        try {
            while (!pending.isEmpty() || !runningLocks.isEmpty()) {
                if (failure == null) {
                    startReadyEntries(pending, idle, waitingFor, runningLocks, finished);
                }
                if (runningLocks.isEmpty()) {
                    if (failure != null || pending.isEmpty()) {
                        break;
                    }
                    // Nothing runs and nothing is ready: a dependency cycle. Run the next entry anyway, as pg_restore does.
                    waitingFor.get(pending.get(0).dumpId()).clear();
                    continue;
                }
                Finished done = take(finished);
                runningLocks.remove(done.entry().dumpId());
                idle.push(done.worker());
                waitingFor.values().forEach(waiting -> waiting.remove(done.entry().dumpId()));
                if (done.failure() != null && failure == null) {
                    failure = done.failure();
                }
            }
        } finally {
            pool.shutdown();
            awaitQuietly(pool);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void startReadyEntries(List<TocEntry> pending, Deque<EntryApplier> idle, Map<Integer, Set<Integer>> waitingFor,
                                   Map<Integer, Set<Integer>> runningLocks, CompletionService<Finished> finished) {
        Iterator<TocEntry> candidates = pending.iterator();
        while (!idle.isEmpty() && candidates.hasNext()) {
            TocEntry entry = candidates.next();
            if (!waitingFor.get(entry.dumpId()).isEmpty()) {
                continue;
            }
            Set<Integer> locks = tablesLockedBy(entry);
            if (runningLocks.values().stream().anyMatch(held -> !java.util.Collections.disjoint(held, locks))) {
                continue;
            }
            candidates.remove();
            runningLocks.put(entry.dumpId(), locks);
            EntryApplier worker = idle.pop();
            finished.submit(() -> {
                try {
                    worker.apply(entry);
                    return new Finished(entry, worker, null);
                } catch (RuntimeException e) {
                    return new Finished(entry, worker, e);
                }
            });
        }
    }

    /** The tables (dump ids) an entry takes a conflicting lock on; CREATE INDEX shares. */
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

    private static Finished take(CompletionService<Finished> finished) {
        try {
            return finished.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fault("The restore was interrupted.", e);
        } catch (ExecutionException e) {
            throw new Fault("A restore worker failed: " + e.getCause(), e.getCause());
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
