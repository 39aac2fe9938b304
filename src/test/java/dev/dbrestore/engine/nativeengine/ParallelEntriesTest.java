package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduler of the parallel phase: what may start while the stream still loads data, and what may not. */
class ParallelEntriesTest {
    private static final TocEntry TABLE_A = entry(1, "TABLE", "a", TocEntry.SECTION_PRE_DATA);
    private static final TocEntry TABLE_B = entry(2, "TABLE", "b", TocEntry.SECTION_PRE_DATA);
    private static final TocEntry DATA_A = entry(3, "TABLE DATA", "a", TocEntry.SECTION_DATA, 1);
    private static final TocEntry DATA_B = entry(4, "TABLE DATA", "b", TocEntry.SECTION_DATA, 2);
    private static final TocEntry INDEX_A = entry(5, "INDEX", "a_idx", TocEntry.SECTION_POST_DATA, 1);
    private static final TocEntry INDEX_B = entry(6, "INDEX", "b_idx", TocEntry.SECTION_POST_DATA, 2);
    private static final TocEntry FK_A_B = entry(7, "FK CONSTRAINT", "a_b_fk", TocEntry.SECTION_POST_DATA, 1, 6);
    private static final TocEntry CHECK_A = entry(8, "CONSTRAINT", "a_check", TocEntry.SECTION_POST_DATA, 1);
    private static final TocEntry TRIGGER_A = entry(9, "TRIGGER", "a_trigger", TocEntry.SECTION_POST_DATA, 1);

    private final Map<Integer, TocEntry> all = byId(TABLE_A, TABLE_B, DATA_A, DATA_B, INDEX_A, INDEX_B, FK_A_B,
            CHECK_A, TRIGGER_A);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @Test
    void anIndexStartsOnceItsTableIsLoadedWhileLaterTablesStillLoad() throws Exception {
        Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
        List.of("a_idx", "b_idx", "a_b_fk").forEach(tag -> started.put(tag, new CountDownLatch(1)));
        try (ParallelEntries parallel = new ParallelEntries(all, List.of(INDEX_A, INDEX_B, FK_A_B), List.of(3, 4),
                (worker, entry) -> {
                    ran.add(entry.tag());
                    started.get(entry.tag()).countDown();
                })) {
            parallel.addWorker(worker());
            // The stream has not loaded a yet: the index of a waits (its dependency on the table means its data).
            assertThat(started.get("a_idx").await(300, TimeUnit.MILLISECONDS)).isFalse();
            parallel.done(DATA_A.dumpId());
            assertThat(started.get("a_idx").await(10, TimeUnit.SECONDS)).isTrue();
            // b is still loading: neither its index nor the foreign key that needs it may start.
            assertThat(started.get("b_idx").await(300, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(ran).containsExactly("a_idx");
            parallel.done(DATA_B.dumpId());
            parallel.finish();
        }
        assertThat(ran).containsExactly("a_idx", "b_idx", "a_b_fk");
    }

    @Test
    void twoEntriesThatAlterOneTableNeverRunAtOnceButIndexesShareIt() throws Exception {
        Map<Integer, AtomicInteger> runningOnTable = new ConcurrentHashMap<>();
        AtomicInteger mostAtOnceAltering = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        TocEntry secondIndex = entry(10, "INDEX", "a_idx2", TocEntry.SECTION_POST_DATA, 1);
        all.put(10, secondIndex);
        ParallelEntries parallel = new ParallelEntries(all, List.of(CHECK_A, TRIGGER_A, INDEX_A, secondIndex), List.of(),
                (worker, entry) -> {
                    boolean altering = !entry.desc().equals("INDEX");
                    int now = running.incrementAndGet();
                    mostAtOnce.accumulateAndGet(now, Math::max);
                    if (altering) {
                        int onTable = runningOnTable.computeIfAbsent(1, k -> new AtomicInteger()).incrementAndGet();
                        mostAtOnceAltering.accumulateAndGet(onTable, Math::max);
                    }
                    sleep(150);
                    if (altering) {
                        runningOnTable.get(1).decrementAndGet();
                    }
                    running.decrementAndGet();
                    ran.add(entry.tag());
                });
        for (int i = 0; i < 3; i++) {
            parallel.addWorker(worker());
        }
        parallel.finish();
        assertThat(ran).containsExactlyInAnyOrder("a_check", "a_trigger", "a_idx", "a_idx2");
        assertThat(mostAtOnceAltering.get()).isEqualTo(1);
        assertThat(mostAtOnce.get()).isGreaterThan(1);
    }

    @Test
    void aFailureStopsNewStartsAndIsThrown() {
        ParallelEntries parallel = new ParallelEntries(all, List.of(INDEX_A, INDEX_B, FK_A_B), List.of(),
                (worker, entry) -> {
                    ran.add(entry.tag());
                    if (entry.tag().equals("b_idx")) {
                        throw new IllegalStateException("index b failed");
                    }
                });
        parallel.addWorker(worker());
        assertThatThrownBy(parallel::finish).hasMessage("index b failed");
        parallel.close();
        assertThat(ran).doesNotContain("a_b_fk");
    }

    private static EntryApplier worker() {
        return new EntryApplier(null, null, null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<Integer, TocEntry> byId(TocEntry... entries) {
        Map<Integer, TocEntry> map = new HashMap<>();
        for (TocEntry e : entries) {
            map.put(e.dumpId(), e);
        }
        return map;
    }

    private static TocEntry entry(int id, String desc, String tag, int section, Integer... dependencies) {
        boolean data = desc.equals("TABLE DATA");
        return new TocEntry(id, true, "0", "0", tag, desc, section, "", "", data ? "COPY public." + tag + " FROM stdin;\n" : "",
                "public", "", null, 0, "", List.of(dependencies), data ? 2 : 3, 0, null);
    }
}
