package dev.dbrestore.source;

import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A download that survives dropped connections. When the connection breaks in the middle of the
 * body (an {@link IOException}, or an end of stream before the announced length), it asks the
 * {@link Opener} for the rest starting at the first byte not yet delivered (HTTP {@code Range},
 * S3 ranged GetObject) and carries on; the reader never notices. It gives up with a {@link Fault}
 * after {@link RetryPolicy#maxRetries()} failures in a row (a connection that delivered bytes
 * resets the count), waiting longer each time.
 *
 * <p>A resumed part must continue the same object: when it starts elsewhere (a server that ignores
 * the range answers with the whole file) or its version (ETag, else Last-Modified) or total size
 * differs from the first part's, the download fails with "the backup changed while downloading".
 *
 * <p>Permanent failures the opener recognises ({@link DbRestoreException}: not found, access
 * denied) are not retried.
 */
public final class ResumableInputStream extends InputStream {

    /** Opens the object's bytes from an offset. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @param offset the first byte wanted; 0 for the first request
         * @param first  the first part's description when resuming (for conditional requests), else null
         * @throws IOException          for a transient failure, which is retried
         * @throws DbRestoreException   for a permanent one, which is not
         */
        Part open(long offset, Part first) throws IOException;
    }

    /**
     * One response.
     *
     * @param body    its bytes
     * @param offset  the position of the body's first byte in the object (0 for a full response)
     * @param total   the object's full size, or null when unknown
     * @param version what identifies this version of the object (ETag, else Last-Modified), or null
     */
    public record Part(InputStream body, long offset, Long total, String version) {
        public Part {
            Objects.requireNonNull(body, "body");
        }
    }

    private final Opener opener;
    private final RetryPolicy retry;
    private final Progress log;
    private final String what;
    private Part first;
    private InputStream current;
    private long position;
    private int failuresInARow;
    private boolean closed;

    /**
     * @param what names the download in messages, e.g. {@code backup b042 of heroku:acme}; never a signed URL
     */
    public ResumableInputStream(Opener opener, RetryPolicy retry, Progress log, String what) {
        this.opener = opener;
        this.retry = retry;
        this.log = log;
        this.what = what;
    }

    /** Opens the first part now, so that an unreachable or missing object fails before anything is read. */
    public ResumableInputStream start() throws IOException {
        ensureOpen();
        return this;
    }

    /** The object's full size as the first response announced it, or null. */
    public Long total() throws IOException {
        ensureOpen();
        return first.total();
    }

    /** The first response's version (ETag or Last-Modified), or null. */
    public String version() throws IOException {
        ensureOpen();
        return first.version();
    }

    /** Bytes delivered so far. */
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
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        while (true) {
            ensureOpen();
            if (first.total() != null && position >= first.total()) {
                return -1;
            }
            try {
                int n = current.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                    failuresInARow = 0;
                    return n;
                }
                if (n < 0 && first.total() == null) {
                    return -1;
                }
                if (n < 0) {
                    throw new EOFException("the connection ended at byte " + position + " of " + first.total());
                }
            } catch (IOException e) {
                if (closed) {
                    throw e;
                }
                dropCurrent();
                failed(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        dropCurrent();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        while (current == null) {
            Part part;
            try {
                part = opener.open(position, first);
            } catch (DbRestoreException e) {
                throw e;
            } catch (IOException e) {
                failed(e);
                continue;
            }
            accept(part);
        }
    }

    private void accept(Part part) throws IOException {
        if (first == null) {
            first = part;
            current = part.body();
            return;
        }
        String change = changeFrom(part);
        if (change != null) {
            part.body().close();
            throw new Fault("The backup changed while downloading " + what + ": " + change
                    + ". Run again to restore the new version.");
        }
        current = part.body();
        log.info(Redactor.redact("Resumed downloading " + what + " at byte " + position
                + (first.total() == null ? "" : " of " + first.total())));
    }

    private String changeFrom(Part part) {
        if (first.version() != null && part.version() != null && !first.version().equals(part.version())) {
            return "its version changed from " + first.version() + " to " + part.version();
        }
        if (first.total() != null && part.total() != null && !first.total().equals(part.total())) {
            return "its size changed from " + first.total() + " to " + part.total() + " bytes";
        }
        if (part.offset() != position) {
            return part.offset() == 0
                    ? "the server answered the request to resume at byte " + position
                      + " with the whole file (HTTP 200 instead of 206 Partial Content)"
                    : "the server resumed at byte " + part.offset() + " instead of " + position;
        }
        return null;
    }

    private void failed(IOException cause) throws IOException {
        failuresInARow++;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (failuresInARow > retry.maxRetries()) {
            throw new Fault("Gave up downloading " + what + " after " + retry.maxRetries() + " retries at byte "
                    + position + (first != null && first.total() != null ? " of " + first.total() : "")
                    + ": " + reason, cause);
        }
        log.warn(Redactor.redact((first == null ? "Could not start downloading " : "Connection lost while downloading ")
                + what + (first == null ? "" : " at byte " + position) + " (" + reason + "); retrying in "
                + TransferProgress.duration(retry.backoff(failuresInARow).toSeconds()) + " ("
                + failuresInARow + " of " + retry.maxRetries() + ")"));
        retry.sleepBefore(failuresInARow);
    }

    private void dropCurrent() {
        InputStream body = current;
        current = null;
        if (body != null) {
            try {
                body.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is broken or abandoned anyway
            }
        }
    }
}
