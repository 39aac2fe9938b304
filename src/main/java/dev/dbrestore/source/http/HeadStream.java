package dev.dbrestore.source.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * The first bytes of a remote dump, fetched in ranged requests only as far as they are read: a
 * window of {@value #FIRST_WINDOW} bytes first, each further window twice the last (up to
 * {@value #MAX_WINDOW}), so reading a dump's header and TOC costs about the TOC's size however big
 * the dump is. A window that ends early (a dropped connection) is asked for again from where it
 * broke off; one that delivers nothing is the end. A server that ignores the range answers with
 * the whole body: it is read as far as needed and then dropped, never drained.
 */
public final class HeadStream extends InputStream {
    static final int FIRST_WINDOW = 64 * 1024;
    static final int MAX_WINDOW = 16 * 1024 * 1024;

    /** Fetches {@code length} bytes from {@code from}; null when {@code from} is past the end. */
    public interface RangeOpener {
        Window open(long from, long length) throws IOException;
    }

    /**
     * One response body.
     *
     * @param start    the offset its first byte has (0 when the server ignored the range)
     * @param unbounded the body runs to the end of the resource (the range was ignored)
     */
    public record Window(InputStream body, long start, boolean unbounded) {
    }

    private final RangeOpener opener;
    private final Long size;
    private InputStream body;
    private long position;
    private long windowStart;
    private long windowEnd;
    private boolean unbounded;
    private long nextLength = FIRST_WINDOW;
    private long transferred;
    private int requests;
    private boolean end;

    /** @param size the resource's length when the listing gave it (no request past it), else null */
    public HeadStream(RangeOpener opener, Long size) {
        this.opener = opener;
        this.size = size;
    }

    /** Bytes received from the source so far, skipped ones included. */
    public long transferred() {
        return transferred;
    }

    /** Ranged requests made so far. */
    public int requests() {
        return requests;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (end || !ready()) {
            return -1;
        }
        int n = body.read(b, off, (int) Math.min(len, windowEnd - position));
        if (n < 0) {
            if (unbounded || position == windowStart) {
                end = true; // nothing more where more was asked for: the resource ends here
                return -1;
            }
            windowEnd = position; // a short window: the end, or a dropped connection; ask again from here
            return read(b, off, len);
        }
        position += n;
        transferred += n;
        return n;
    }

    /** A body positioned at {@link #position} with bytes left in its window; false at the end. */
    private boolean ready() throws IOException {
        if (body != null && position < windowEnd) {
            return true;
        }
        if (size != null && position >= size) {
            end = true;
            return false;
        }
        closeBody();
        requests++;
        Window window = opener.open(position, nextLength);
        if (window == null) {
            end = true;
            return false;
        }
        body = window.body();
        unbounded = window.unbounded();
        windowStart = position;
        windowEnd = unbounded ? Long.MAX_VALUE : position + nextLength;
        nextLength = Math.min(nextLength * 2, MAX_WINDOW);
        long skip = position - window.start();
        while (skip > 0) {
            long skipped = body.skip(skip);
            if (skipped <= 0) {
                end = true;
                return false;
            }
            skip -= skipped;
            transferred += skipped;
        }
        return true;
    }

    private void closeBody() throws IOException {
        if (body != null) {
            InputStream old = body;
            body = null;
            old.close();
        }
    }

    @Override
    public void close() throws IOException {
        end = true;
        closeBody();
    }
}
