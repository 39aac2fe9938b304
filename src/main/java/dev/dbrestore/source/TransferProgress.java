package dev.dbrestore.source;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reports how a long transfer advances, one plain log line every few seconds, e.g.
 * {@code Downloaded 120.3 MB of 512.0 MB (23%) at 45.1 MB/s, ETA 8s}. Without a known total
 * there is no percentage and no ETA. The label says what is counted ("Downloaded", "Restored"),
 * so the same reporter serves downloads and restores. Lines carry no ANSI codes, so they read
 * well in CI logs too.
 */
public final class TransferProgress {
    private final Progress log;
    private final String label;
    private final Long total;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long done;
    private long lastReportNanos;
    private boolean finished;

    /**
     * @param label    what the count means, e.g. {@code Downloaded}
     * @param total    bytes expected, or null when unknown
     * @param interval how often a line is logged at most
     */
    public TransferProgress(Progress log, String label, Long total, Duration interval) {
        this(log, label, total, interval, System::nanoTime);
    }

    /** As above, with the clock injected (tests). */
    public TransferProgress(Progress log, String label, Long total, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.label = label;
        this.total = total != null && total >= 0 ? total : null;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastReportNanos = startNanos;
    }

    /** Counts {@code bytes} more; logs a line when the interval has passed since the last one. */
    public void add(long bytes) {
        done += bytes;
        long now = nanoClock.getAsLong();
        if (!finished && now - lastReportNanos >= intervalNanos) {
            lastReportNanos = now;
            log.info(Redactor.redact(status(now)));
        }
    }

    /** Logs the summary line once, e.g. {@code Downloaded 512.0 MB in 11s (45.1 MB/s)}. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long elapsed = nanoClock.getAsLong() - startNanos;
        log.info(Redactor.redact(label + " " + bytes(done) + " in " + duration(elapsed / 1_000_000_000L)
                + " (" + bytes(rate(elapsed)) + "/s)"));
    }

    public long done() {
        return done;
    }

    /** The line a report at this moment would log. */
    public String status() {
        return status(nanoClock.getAsLong());
    }

    private String status(long now) {
        long elapsed = now - startNanos;
        long rate = rate(elapsed);
        StringBuilder line = new StringBuilder(label).append(' ').append(bytes(done));
        if (total != null) {
            long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
            line.append(" of ").append(bytes(total)).append(" (").append(percent).append("%)");
        }
        line.append(" at ").append(bytes(rate)).append("/s");
        if (total != null && rate > 0 && done < total) {
            line.append(", ETA ").append(duration((total - done + rate - 1) / rate));
        }
        return line.toString();
    }

    private long rate(long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : (long) (done * 1e9 / elapsedNanos);
    }

    /** Bytes for people, in decimal units: {@code 999 B}, {@code 1.5 kB}, {@code 120.3 MB}, {@code 2.0 GB}. */
    public static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Seconds for people: {@code 8s}, {@code 2m05s}, {@code 1h02m}. */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
