package dev.dbrestore.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Counts the bytes that pass and logs a progress line every few seconds: bytes, percentage and
 * ETA when the total is known, rate and elapsed time. Plain text, so batch-mode logs stay clean.
 */
public final class MeteredInputStream extends FilterInputStream {
    private final String label;
    private final Long total;
    private final Progress progress;
    private final long intervalNanos;
    private final long started = System.nanoTime();
    private long lastReport = started;
    private long count;

    public MeteredInputStream(InputStream in, String label, Long total, Progress progress, long intervalMillis) {
        super(in);
        this.label = label;
        this.total = total != null && total > 0 ? total : null;
        this.progress = progress;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    public long count() {
        return count;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000L;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        advance(skipped);
        return skipped;
    }

    private void advance(long n) {
        count += n;
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            progress.info(line(now));
        }
    }

    String line(long now) {
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        double rate = count / seconds;
        StringBuilder sb = new StringBuilder(label).append(": ").append(Bytes.format(count));
        if (total != null) {
            sb.append(" of ").append(Bytes.format(total))
              .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, count * 100 / total)));
        }
        sb.append(" at ").append(Bytes.format((long) rate)).append("/s, ")
          .append(Bytes.duration((long) (seconds * 1000))).append(" elapsed");
        if (total != null && rate > 0 && count < total) {
            sb.append(", ETA ").append(Bytes.duration((long) ((total - count) / rate * 1000)));
        }
        return sb.toString();
    }
}
