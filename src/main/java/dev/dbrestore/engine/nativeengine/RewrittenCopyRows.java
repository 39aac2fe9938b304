package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.engine.CopyRowHook.RowRewriter;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The data lines of one COPY, each passed through a {@link RowRewriter} on its way to the server.
 * A line is held whole, so one longer than {@link #MAX_LINE} fails the restore (bounded memory);
 * the end marker {@code \.} and whatever follows it pass unchanged.
 */
final class RewrittenCopyRows extends InputStream {
    static final int MAX_LINE = 64 << 20;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final RowRewriter rewriter;
    private final String where;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private byte[] out = new byte[0];
    private int outPos;
    private boolean ended;
    private boolean passThrough;
    private long lineNumber;

    RewrittenCopyRows(InputStream in, RowRewriter rewriter, String where) {
        this.in = in;
        this.rewriter = rewriter;
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (passThrough && outPos >= out.length) {
            if (chunkPos < chunkEnd) {
                int n = Math.min(length, chunkEnd - chunkPos);
                System.arraycopy(chunk, chunkPos, target, offset, n);
                chunkPos += n;
                return n;
            }
            return in.read(target, offset, length);
        }
        int written = 0;
        while (written < length) {
            if (outPos >= out.length && !nextLine()) {
                break;
            }
            int n = Math.min(length - written, out.length - outPos);
            System.arraycopy(out, outPos, target, offset + written, n);
            outPos += n;
            written += n;
            if (passThrough) {
                break;
            }
        }
        return written == 0 ? -1 : written;
    }

    /** Reads, rewrites and queues the next line; false at the end of the data. */
    private boolean nextLine() throws IOException {
        if (ended || passThrough) {
            return false;
        }
        int length = 0;
        boolean newline = false;
        while (!newline) {
            if (chunkPos >= chunkEnd) {
                chunkEnd = in.read(chunk, 0, CHUNK);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    ended = true;
                    break;
                }
            }
            int start = chunkPos;
            while (chunkPos < chunkEnd && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            int n = chunkPos - start;
            if (chunkPos < chunkEnd) {
                chunkPos++;
                newline = true;
            }
            if (length + n > MAX_LINE) {
                throw new UserError("Restoring " + where + ": row " + (lineNumber + 1) + " is longer than "
                        + Bytes.format(MAX_LINE) + "; a table masked in the restore stream holds each row in memory "
                        + "whole, so this row cannot be masked there");
            }
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(length + n, Math.min(MAX_LINE, line.length * 2)));
            }
            System.arraycopy(chunk, start, line, length, n);
            length += n;
        }
        if (length == 0 && !newline) {
            return false;
        }
        lineNumber++;
        int content = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        if (content == 2 && line[0] == '\\' && line[1] == '.') {
            passThrough = true; // the end marker: it and anything after it are not rows
            out = Arrays.copyOf(line, length + (newline ? 1 : 0));
        } else {
            byte[] rewritten = rewriter.rewrite(line, content);
            out = Arrays.copyOf(rewritten, rewritten.length + (length - content) + (newline ? 1 : 0));
            if (content < length) {
                out[rewritten.length] = '\r';
            }
        }
        if (newline) {
            out[out.length - 1] = '\n';
        }
        outPos = 0;
        return true;
    }
}
