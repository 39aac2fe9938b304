package dev.dbrestore.restore.direct;

import dev.dbrestore.support.Fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * Splits a psql script into statements the way psql's lexer does: a statement ends at a
 * semicolon outside quotes ('...', E'...', "...", $tag$...$tag$), comments (--, nested /* *&#47;)
 * and parentheses. A backslash where a statement would start is a meta-command, one line long.
 * After a {@code COPY ... FROM stdin} statement, {@link #copyData()} streams the data lines up to
 * the {@code \.} line without buffering them.
 *
 * <p>Works on bytes (every syntax character is ASCII), so the caller decodes each statement
 * with the script's current client_encoding.
 */
final class ScriptScanner {
    private static final int BUFFER = 64 * 1024;

    /** A statement (with its leading comments) or a meta-command line, and the line it starts on. */
    record Statement(byte[] bytes, int line, boolean metaCommand) {
        String text(Charset charset) {
            return new String(bytes, charset);
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private int line = 1;
    private boolean backslashEscapes;

    ScriptScanner(InputStream in) {
        this.in = in;
    }

    /** With standard_conforming_strings off, a backslash escapes the next character in every string. */
    void backslashEscapes(boolean on) {
        this.backslashEscapes = on;
    }

    int line() {
        return line;
    }

    /** The next statement or meta-command, or null at the end of the script. */
    Statement next() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        boolean code = false;
        int startLine = line;
        int depth = 0;
        int last = ' ';
        int beforeLast = ' ';
        while (true) {
            int c = peek(0);
            if (c < 0) {
                return code ? new Statement(out.toByteArray(), startLine, false) : null;
            }
            if (!code && c == '\\') {
                return new Statement(metaCommandLine(), line, true);
            }
            if (c == '-' && peek(1) == '-') {
                copyUntilNewline(out);
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                copyBlockComment(out);
                continue;
            }
            if (isSpace(c)) {
                out.write(read());
                beforeLast = last;
                last = ' ';
                continue;
            }
            if (!code) {
                code = true;
                startLine = line;
            }
            read();
            out.write(c);
            switch (c) {
                case '\'' -> copyString(out, backslashEscapes || isEscapeStringPrefix(last, beforeLast));
                case '"' -> copyUntil(out, '"');
                case '$' -> {
                    if (!isIdentifierChar(last)) {
                        copyDollarQuoted(out);
                    }
                }
                case '(' -> depth++;
                case ')' -> depth = Math.max(0, depth - 1);
                case ';' -> {
                    if (depth == 0) {
                        return new Statement(out.toByteArray(), startLine, false);
                    }
                }
                default -> {
                    // an ordinary character
                }
            }
            beforeLast = last;
            last = c;
        }
    }

    /**
     * The rows after a {@code COPY ... FROM stdin} statement: starts on the next line and ends
     * before the line {@code \.} (or at the end of the script), streaming as it is read.
     */
    InputStream copyData() {
        skipRestOfLine();
        return new CopyData();
    }

    private final class CopyData extends InputStream {
        private boolean atLineStart = true;
        private boolean done;

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
            if (peek(0) < 0) {
                done = true;
                return -1;
            }
            int n = 0;
            while (n < length && pos < limit) {
                byte b = buffer[pos++];
                target[offset + n++] = b;
                if (b == '\n') {
                    line++;
                    atLineStart = true;
                    return n;
                }
                atLineStart = false;
            }
            return n;
        }

        /** "\." alone on a line: consumes it with its line end. */
        private boolean isEndMarker() {
            if (peek(0) != '\\' || peek(1) != '.') {
                return false;
            }
            int after = peek(2);
            int skip;
            if (after < 0) {
                skip = 2;
            } else if (after == '\n') {
                skip = 3;
            } else if (after == '\r' && peek(3) == '\n') {
                skip = 4;
            } else {
                return false;
            }
            for (int i = 0; i < skip; i++) {
                ScriptScanner.this.read();
            }
            return true;
        }
    }

    private byte[] metaCommandLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = peek(0)) >= 0 && c != '\n') {
            out.write(read());
        }
        read();
        return out.toByteArray();
    }

    private void skipRestOfLine() {
        int c;
        while ((c = read()) >= 0 && c != '\n') {
            // the rest of the COPY statement's line
        }
    }

    private void copyUntilNewline(ByteArrayOutputStream out) {
        int c;
        while ((c = read()) >= 0) {
            out.write(c);
            if (c == '\n') {
                return;
            }
        }
    }

    private void copyBlockComment(ByteArrayOutputStream out) {
        int depth = 0;
        int c;
        while ((c = read()) >= 0) {
            out.write(c);
            if (c == '/' && peek(0) == '*') {
                out.write(read());
                depth++;
            } else if (c == '*' && peek(0) == '/') {
                out.write(read());
                if (--depth == 0) {
                    return;
                }
            }
        }
    }

    private void copyString(ByteArrayOutputStream out, boolean escapes) {
        int c;
        while ((c = read()) >= 0) {
            out.write(c);
            if (escapes && c == '\\') {
                int escaped = read();
                if (escaped >= 0) {
                    out.write(escaped);
                }
            } else if (c == '\'') {
                if (peek(0) == '\'') {
                    out.write(read());
                } else {
                    return;
                }
            }
        }
    }

    private void copyUntil(ByteArrayOutputStream out, int close) {
        int c;
        while ((c = read()) >= 0) {
            out.write(c);
            if (c == close) {
                return;
            }
        }
    }

    /** After a '$': "$$" or "$tag$" opens a dollar-quoted string up to the same tag; else '$' was ordinary. */
    private void copyDollarQuoted(ByteArrayOutputStream out) {
        int length = 0;
        while (true) {
            int c = peek(length);
            if (c == '$') {
                break;
            }
            if (c < 0 || !isIdentifierChar(c) || (length == 0 && c >= '0' && c <= '9')) {
                return;
            }
            length++;
        }
        byte[] tag = new byte[length + 2];
        tag[0] = '$';
        for (int i = 1; i <= length + 1; i++) {
            tag[i] = (byte) read();
        }
        out.write(tag, 1, tag.length - 1);
        int matched = 0;
        int c;
        while ((c = read()) >= 0) {
            out.write(c);
            if (c == tag[matched]) {
                matched++;
                if (matched == tag.length) {
                    return;
                }
            } else {
                matched = c == tag[0] ? 1 : 0;
            }
        }
    }

    private int read() {
        int c = peek(0);
        if (c >= 0) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    /** The byte {@code ahead} positions on, or -1 past the end; fills the buffer as needed. */
    private int peek(int ahead) {
        while (pos + ahead >= limit && !eof) {
            fill();
        }
        return pos + ahead < limit ? buffer[pos + ahead] & 0xFF : -1;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        try {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw new Fault("Could not read the SQL script at line " + line + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    /** Letters, digits, '_', '$' and every non-ASCII byte (UTF-8 letters), as in PostgreSQL identifiers. */
    private static boolean isIdentifierChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }

    /** E'...' or e'...' where the E is not the end of a longer word. */
    private static boolean isEscapeStringPrefix(int last, int beforeLast) {
        return (last == 'E' || last == 'e') && !isIdentifierChar(beforeLast);
    }
}
