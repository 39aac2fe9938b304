package dev.dbrestore.support;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a restore has done so far, told on one line every few seconds while it runs: the phase,
 * bytes read of the dump (of its size when known), rate and ETA, tables loaded of all, rows, and
 * index/constraint entries done of all. The engine counts from any of its threads; a daemon
 * thread started by {@link #report} prints. Only counts and phase names: never a row value.
 */
public final class RestoreMeter {
    private final LongSupplier streamBytes;
    private final Long totalBytes;
    private final long started = System.nanoTime();
    private final AtomicLong bytesReadAtRandom = new AtomicLong();
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicInteger postDataDone = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    /** When the last table's data was loaded (System.nanoTime), 0 until then. */
    private volatile long dataLoadedAt;
    private volatile String phase;
    private volatile int tables = -1;
    private volatile int postData = -1;

    /**
     * @param streamBytes the bytes of the dump read so far from its stream
     * @param totalBytes  the dump's size, null when unknown
     */
    public RestoreMeter(LongSupplier streamBytes, Long totalBytes) {
        this.streamBytes = streamBytes;
        this.totalBytes = totalBytes != null && totalBytes > 0 ? totalBytes : null;
    }

    /** A meter nobody reads (tests, callers without progress). */
    public static RestoreMeter unwatched() {
        return new RestoreMeter(() -> 0, null);
    }

    /** How many tables the restore loads and how many entries come after the data. */
    public void plan(int tableCount, int postDataCount) {
        this.tables = tableCount;
        this.postData = postDataCount;
    }

    /** "schema", "data", "indexes and constraints", ... */
    public void phase(String name) {
        this.phase = name;
    }

    public void tableDone() {
        if (tablesDone.incrementAndGet() == tables) {
            dataLoadedAt = System.nanoTime();
        }
    }

    public void rows(long count) {
        rows.addAndGet(count);
    }

    public void postDataDone() {
        postDataDone.incrementAndGet();
    }

    /** Bytes of the dump read from a file at random (not through the stream). */
    public void bytesRead(long count) {
        bytesReadAtRandom.addAndGet(count);
    }

    /** Bytes of the dump read so far, through the stream and at random. */
    public long bytesRead() {
        return streamBytes.getAsLong() + bytesReadAtRandom.get();
    }

    /** Seconds since the meter started. */
    public double secondsElapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Seconds from the meter's start until every table's data was loaded; -1 while some still load. */
    public double secondsUntilDataLoaded() {
        long at = dataLoadedAt;
        return at == 0 ? -1 : (at - started) / 1e9;
    }

    /**
     * The phase to show: with several connections the data of later tables loads while indexes and
     * constraints of earlier ones are built, and the line says both.
     */
    private String shownPhase() {
        boolean loading = tables >= 0 && tablesDone.get() < tables;
        int built = postDataDone.get();
        if (loading && built > 0 && built < postData) {
            return "data, indexes and constraints";
        }
        return loading && "indexes and constraints".equals(phase) ? "data" : phase;
    }

    /** Starts printing {@link #line()} every {@code intervalMillis}; closing stops it. */
    public AutoCloseable report(Progress progress, long intervalMillis) {
        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(intervalMillis);
                    progress.info(line());
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "dbrestore-progress");
        ticker.setDaemon(true);
        ticker.start();
        return () -> {
            ticker.interrupt();
            ticker.join();
        };
    }

    /**
     * "Restoring (data): 120 MB of 279 MB (43%) at 12 MB/s, ETA 13 s; 5 of 17 tables, 3,100,000 rows;
     * 4 of 31 indexes and constraints; 10 s elapsed".
     */
    public String line() {
        double seconds = Math.max(secondsElapsed(), 1e-3);
        long bytes = bytesRead();
        double rate = bytes / seconds;
        StringBuilder sb = new StringBuilder("Restoring");
        String phase = shownPhase();
        if (phase != null) {
            sb.append(" (").append(phase).append(")");
        }
        sb.append(": ").append(Bytes.format(bytes));
        if (totalBytes != null) {
            sb.append(" of ").append(Bytes.format(totalBytes))
              .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, bytes * 100 / totalBytes)));
        }
        sb.append(" at ").append(Bytes.format((long) rate)).append("/s");
        if (totalBytes != null && rate > 0 && bytes < totalBytes) {
            sb.append(", ETA of the data ").append(Bytes.duration((long) ((totalBytes - bytes) / rate * 1000)));
        }
        if (tables >= 0) {
            sb.append("; ").append(tablesDone.get()).append(" of ").append(tables).append(" tables, ")
              .append(String.format(Locale.ROOT, "%,d", rows.get())).append(" rows");
        }
        if (postData >= 0) {
            sb.append("; ").append(postDataDone.get()).append(" of ").append(postData).append(" indexes and constraints");
        }
        sb.append("; ").append(Bytes.duration((long) (seconds * 1000))).append(" elapsed");
        return sb.toString();
    }
}
