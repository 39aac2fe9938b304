package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

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

    private static final String DUMP_HEADER = "-- PostgreSQL database dump";
    private static final String DUMP_COMPLETE = "-- PostgreSQL database dump complete";

    private final InputStream in;
    private final String label;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private int line = 1;
    private boolean backslashEscapes;
    private boolean dumpHeaderSeen;
    private boolean dumpCompleteSeen;

    /** @param label how errors name the script */
    ScriptScanner(InputStream in, String label) {
        this.in = in;
        this.label = label;
    }

    /**
     * pg_dump starts a script with "-- PostgreSQL database dump" and ends it with "-- PostgreSQL
     * database dump complete": a script with the first line but not the last one was cut short.
     */
    boolean looksTruncated() {
        return dumpHeaderSeen && !dumpCompleteSeen;
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
                int metaLine = line;
                return new Statement(metaCommandLine(), metaLine, true);
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
                throw new UserError(label + " is truncated: it ends at line " + line + " inside the rows of a COPY "
                        + "statement, before the \\. line that ends them. Download the backup again.");
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

    /** A -- comment; pg_dump's opening and closing comments are noted on the way. */
    private void copyUntilNewline(ByteArrayOutputStream out) {
        int start = out.size();
        int c;
        while ((c = read()) >= 0) {
            out.write(c);
            if (c == '\n') {
                break;
            }
        }
        if (out.size() - start <= DUMP_COMPLETE.length() + 2) {
            String text = new String(out.toByteArray(), start, out.size() - start, StandardCharsets.US_ASCII).strip();
            dumpHeaderSeen |= text.equals(DUMP_HEADER);
            dumpCompleteSeen |= text.equals(DUMP_COMPLETE);
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
        } catch (java.io.EOFException e) {
            throw new UserError(label + " is truncated: its gzip compression ends at line " + line
                    + " (" + e.getMessage() + "). Download the backup again.", e);
        } catch (java.util.zip.ZipException e) {
            throw new UserError(label + " is corrupt near line " + line + ": its gzip compression is damaged ("
                    + e.getMessage() + "). Download the backup again.", e);
        } catch (IOException e) {
            throw new Fault("Could not read " + label + " at line " + line + ": " + e.getMessage(), e);
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
