package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.ArchiveInput;

import java.io.InputStream;

/**
 * The chunk stream of a custom-format data block (pg-archive-format.md §5.1): length-prefixed
 * chunks, ended by a zero length. Yields the chunk payloads back to back; they form one
 * (usually compressed) stream.
 */
final class ChunkedInputStream extends InputStream {
    private final ArchiveInput in;
    private long leftInChunk;
    private boolean ended;

    ChunkedInputStream(ArchiveInput in) {
        this.in = in;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!nextChunkIfNeeded()) {
            return -1;
        }
        int n = in.readSome(buffer, offset, (int) Math.min(length, leftInChunk), "a data chunk");
        leftInChunk -= n;
        return n;
    }

    /** Reads through to the end-of-block marker without looking at the data (skipped tables, leftovers). */
    void skipToEnd() {
        while (nextChunkIfNeeded()) {
            in.skip(leftInChunk, "a data chunk");
            leftInChunk = 0;
        }
    }

    private boolean nextChunkIfNeeded() {
        while (!ended && leftInChunk == 0) {
            long length = in.readInt("a data chunk length");
            if (length == 0) {
                ended = true;
            } else if (length < 0) {
                throw in.corrupt("negative data chunk length " + length);
            } else {
                leftInChunk = length;
            }
        }
        return !ended;
    }
}
