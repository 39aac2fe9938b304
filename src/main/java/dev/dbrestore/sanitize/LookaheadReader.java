package dev.dbrestore.sanitize;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** A reader with look-ahead of any length and a line counter, for {@link SqlScript}. */
final class LookaheadReader {
    private final Reader reader;
    private char[] buf = new char[16384];
    private int pos;
    private int limit;
    private boolean eof;
    private int line = 1;

    LookaheadReader(Reader reader) {
        this.reader = reader;
    }

    int line() {
        return line;
    }

    int peek(int offset) {
        while (pos + offset >= limit && !eof) {
            fill();
        }
        return pos + offset < limit ? buf[pos + offset] : -1;
    }

    int next() {
        int c = peek(0);
        if (c >= 0) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = reader.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
