package dev.dbrestore.source.http;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A download that survives dropped connections: when the body breaks off, it reopens the
 * resource from the byte already delivered (an HTTP {@code Range} request, or a ranged S3
 * GetObject) and goes on, so the restore reading it never notices. It gives up after a bounded
 * number of resumes, and fails if the resource changed in between (another ETag).
 */
public final class ResumableStream extends InputStream {

    /** Opens the resource from {@code offset} (0 = whole); a part must start exactly there. */
    public interface Opener {
        Part open(long offset) throws IOException;
    }

    /**
     * One response body.
     *
     * @param totalLength the resource's full length, null when unknown
     * @param version     ETag (or Last-Modified) identifying the version, null when unknown
     */
    public record Part(InputStream body, Long totalLength, String version) {
    }

    private final Opener opener;
    private final RetryPolicy retry;
    private final String label;
    private final Progress progress;
    /**
     * The body being read. The reader swaps it on a resume while the watchdog thread may close it:
     * volatile so the watchdog sees the new one, and swapped and closed under {@link #swap} so the
     * watchdog never closes a body that a resume has just put in place.
     */
    private volatile InputStream current;
    private final Object swap = new Object();
    /** True while the reader is blocked in the body's read: only then can the connection stall. */
    private volatile boolean reading;
    private final Long total;
    private final String version;
    private long position;
    private int resumes;
    private volatile boolean closed;
    private volatile long lastProgressNanos = System.nanoTime();
    private final ScheduledFuture<?> watchdog;

    /** One daemon thread for every download's stall check. */
    private static final ScheduledExecutorService WATCHDOGS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dbrestore-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** The version (ETag or Last-Modified) the first response named, or null. */
    public String version() {
        return version;
    }

    private ResumableStream(Opener opener, RetryPolicy retry, String label, Progress progress, Part first) {
        this.opener = opener;
        this.retry = retry;
        this.label = label;
        this.progress = progress;
        this.current = first.body();
        this.total = first.totalLength();
        this.version = first.version();
        // a stalled connection never fails by itself: closing its body makes the blocked read fail, and we resume
        long idle = retry.idleTimeout().toNanos();
        this.watchdog = WATCHDOGS.scheduleWithFixedDelay(() -> {
            synchronized (swap) {
                if (!closed && reading && System.nanoTime() - lastProgressNanos > idle) {
                    lastProgressNanos = System.nanoTime();
                    closeQuietly(current);
                }
            }
        }, Math.max(1, idle / 4), Math.max(1, idle / 4), TimeUnit.NANOSECONDS);
    }

    /** Opens the resource; the first request's errors propagate as they are (the opener makes them clear). */
    public static ResumableStream open(Opener opener, RetryPolicy retry, String label, Progress progress) throws IOException {
        return new ResumableStream(opener, retry, label, progress, opener.open(0));
    }

    public Long totalLength() {
        return total;
    }

    public long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            try {
                int n;
                lastProgressNanos = System.nanoTime(); // idle time counts from here: a busy consumer is no stall
                reading = true;
                try {
                    n = current.read(buf, off, len);
                } finally {
                    reading = false;
                }
                if (n < 0) {
                    if (total != null && position < total) {
                        throw new EOFException("connection closed at byte " + position + " of " + total);
                    }
                    return -1;
                }
                position += n;
                lastProgressNanos = System.nanoTime();
                return n;
            } catch (IOException e) {
                if (closed) {
                    throw e;
                }
                resume(e);
            }
        }
    }

    private void resume(IOException cause) throws IOException {
        closeQuietly(current);
        while (true) {
            resumes++;
            if (resumes > retry.maxResumes()) {
                throw new Fault("Downloading " + label + " failed: the connection dropped " + (resumes - 1)
                        + " times; gave up at byte " + position + (total == null ? "" : " of " + total)
                        + " (last error: " + cause.getMessage() + "). Check the network and run again.", cause);
            }
            progress.warn("Download of " + label + " interrupted at byte " + position + " (" + cause.getMessage()
                    + "); resuming (" + resumes + "/" + retry.maxResumes() + ")");
            sleep(retry.backoff(resumes).toMillis());
            Part part;
            try {
                part = opener.open(position);
            } catch (ResumeRefused refused) {
                throw new Fault("Cannot resume the download of " + label + ": " + refused.getMessage(), refused);
            } catch (IOException again) {
                cause = again;
                continue;
            }
            if (version != null && part.version() != null && !version.equals(part.version())) {
                closeQuietly(part.body());
                throw new Fault("The backup " + label + " changed while it was downloading (its version went from "
                        + version + " to " + part.version() + "). Run the restore again to take the new one.");
            }
            synchronized (swap) {
                current = part.body();
                lastProgressNanos = System.nanoTime();
            }
            return;
        }
    }

    /** Thrown by an opener when the server answered but cannot continue at the offset (no range support). */
    public static final class ResumeRefused extends IOException {
        public ResumeRefused(String message) {
            super(message);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to resume", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is already broken
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (swap) {
            closed = true;
        }
        watchdog.cancel(false);
        current.close();
    }
}
