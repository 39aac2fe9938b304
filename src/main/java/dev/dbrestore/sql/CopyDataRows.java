package dev.dbrestore.sql;

import dev.dbrestore.support.UserError;

import java.io.InputStream;

/**
 * The data lines after a {@code COPY … FROM stdin} statement, read through the script's buffer up
 * to the line {@code \.} (which is consumed, not returned). A script that ends before that line is
 * truncated.
 */
final class CopyDataRows extends InputStream {
    private final ScriptInput in;
    private boolean atLineStart = true;
    private boolean done;

    CopyDataRows(ScriptInput in) {
        this.in = in;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (done || length == 0) {
            return done ? -1 : 0;
        }
        if (atLineStart && isEndMarker()) {
            done = true;
            return -1;
        }
        int n = in.readLine(target, offset, length);
        if (n < 0) {
            throw new UserError(in.label() + " is truncated: it ends at line " + in.line() + " inside the rows of a COPY "
                    + "statement, before the \\. line that ends them. Download the backup again.");
        }
        atLineStart = target[offset + n - 1] == '\n';
        return n;
    }

    /** Reads past the rows nobody asked for. */
    void skipRest() {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // on to the \. line
        }
    }

    /** "\." alone on a line: consumes it with its line end. */
    private boolean isEndMarker() {
        if (in.peek(0) != '\\' || in.peek(1) != '.') {
            return false;
        }
        int after = in.peek(2);
        int length;
        if (after < 0) {
            length = 2;
        } else if (after == '\n') {
            length = 3;
        } else if (after == '\r' && in.peek(3) == '\n') {
            length = 4;
        } else {
            return false;
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
        return true;
    }
}
