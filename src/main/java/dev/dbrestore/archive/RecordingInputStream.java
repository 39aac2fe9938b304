package dev.dbrestore.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Keeps a copy of every byte read through it, so that after looking at the start of a stream
 * (the archive header and TOC, a few MB at most) the whole stream can be handed on unchanged:
 * {@link #replay()} yields the recorded bytes followed by the rest of the original stream.
 */
final class RecordingInputStream extends FilterInputStream {
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream(64 * 1024);

    RecordingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            recorded.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            recorded.write(buffer, offset, n);
        }
        return n;
    }

    /** Skipping would lose bytes the replay must contain: read them instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int limit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Number of bytes recorded so far. */
    long recordedBytes() {
        return recorded.size();
    }

    /** Every byte from the very first one: what was recorded, then the rest of the original stream. */
    InputStream replay() {
        return new SequenceInputStream(new ByteArrayInputStream(recorded.toByteArray()), in);
    }
}
