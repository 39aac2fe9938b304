package dev.dbrestore.sql;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * The bytes of a script with a little look-ahead and a line counter, read through a fixed buffer:
 * memory stays the same however long a line or a statement is. A gzip stream that ends early or is
 * damaged is reported as a truncated or corrupt script, naming the line it stopped at.
 */
final class ScriptInput {
    /** How far {@link #peek} may look ahead: the buffer size. */
    static final int LOOKAHEAD = 64 * 1024;

    private final InputStream in;
    private final String label;
    private final byte[] buffer = new byte[LOOKAHEAD];
    private int pos;
    private int limit;
    private boolean eof;
    private int line = 1;
    private long consumed;

    /** @param label how errors name the script */
    ScriptInput(InputStream in, String label) {
        this.in = in;
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The line the next byte is on, counting from 1. */
    int line() {
        return line;
    }

    /** How many bytes were read so far. */
    long consumed() {
        return consumed;
    }

    /** The byte {@code ahead} positions on (less than {@link #LOOKAHEAD}), or -1 past the end. */
    int peek(int ahead) {
        while (pos + ahead >= limit && !eof) {
            fill();
        }
        return pos + ahead < limit ? buffer[pos + ahead] & 0xFF : -1;
    }

    /** The next byte, or -1 at the end. */
    int read() {
        int c = peek(0);
        if (c >= 0) {
            pos++;
            consumed++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    /** Up to {@code length} bytes, ending early after a line end; -1 at the end of the script. */
    int readLine(byte[] target, int offset, int length) {
        if (peek(0) < 0) {
            return -1;
        }
        int n = 0;
        while (n < length && pos < limit) {
            byte b = buffer[pos++];
            target[offset + n++] = b;
            consumed++;
            if (b == '\n') {
                line++;
                break;
            }
        }
        return n;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            throw new IllegalStateException("look-ahead beyond " + LOOKAHEAD + " bytes");
        }
        try {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (EOFException e) {
            throw new UserError(label + " is truncated: its gzip compression ends at line " + line
                    + " (" + e.getMessage() + "). Download the backup again.", e);
        } catch (ZipException e) {
            throw new UserError(label + " is corrupt near line " + line + ": its gzip compression is damaged ("
                    + e.getMessage() + "). Download the backup again.", e);
        } catch (IOException e) {
            throw new Fault("Could not read " + label + " at line " + line + ": " + e.getMessage(), e);
        }
    }
}
