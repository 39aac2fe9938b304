package dev.dbrestore.sql;

import dev.dbrestore.support.UserError;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one SQL lexer: splits a psql script (a plain pg_dump, a sanitize file) into statements and
 * psql meta-commands the way psql does, streaming.
 *
 * <p>A semicolon ends a statement only outside single-quoted strings ({@code 'it''s'}, {@code E'\''},
 * and every string while {@code standard_conforming_strings} is off), double-quoted identifiers,
 * dollar quotes ({@code $$ … $$}, {@code $tag$ … $tag$}), comments ({@code --} and nested
 * {@code /* *}{@code /}), parentheses (rule bodies) and the {@code BEGIN … END} blocks of
 * SQL-standard function bodies ({@link StatementWords}). Whitespace and comments between statements
 * are skipped. A backslash outside all of these starts a meta-command, which runs to the end of its
 * line ({@code \connect}, {@code \restrict}); psql also ends a statement there. After a
 * {@code COPY … FROM stdin} statement, {@link #copyData()} streams the data lines up to {@code \.}.
 *
 * <p>Works on bytes (every syntax character is ASCII, and so is every byte of pg_dump's encodings
 * that looks like one), so a caller decodes each statement with the session's client_encoding.
 * Memory: each statement goes to the stream the caller gives, COPY data streams through; the lexer
 * itself holds a 64 KiB buffer and the first few hundred bytes of a statement.
 *
 * <p>Like psql, which follows the server's {@code standard_conforming_strings}, the lexer follows the
 * script's {@code SET standard_conforming_strings} statements.
 */
public final class PsqlScriptLexer {
    private static final String DUMP_HEADER = "-- PostgreSQL database dump";
    private static final String DUMP_COMPLETE = "-- PostgreSQL database dump complete";
    private static final int HEAD = 256;
    private static final int MAX_WORD = 64;
    private static final Pattern STANDARD_CONFORMING_STRINGS = Pattern.compile(
            "(?is)SET\\s+(?:SESSION\\s+)?standard_conforming_strings\\s*(?:=|\\bTO\\b)\\s*'?(on|off|true|false)'?\\s*;?\\s*");

    private final ScriptInput in;
    private boolean backslashEscapes;
    private boolean dumpHeaderSeen;
    private boolean dumpCompleteSeen;
    private boolean copyPending;
    private CopyDataRows rowsBeingRead;

    // the statement being lexed
    private OutputStream out = OutputStream.nullOutputStream();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream(HEAD);
    private StatementWords words = new StatementWords();
    private int parenDepth;
    private int last;
    private ScriptItem.Unclosed unclosed;

    private final String label;
    /** Where {@link #tokens} collects a statement's tokens; null when nobody asked. */
    private Consumer<SqlToken> tokenSink;

    /** @param label how errors name the script, e.g. its file name */
    public PsqlScriptLexer(InputStream in, String label) {
        this.in = new ScriptInput(in, label);
        this.label = label;
    }

    /** Where the code in {@code sql} starts: the number of bytes of its leading whitespace and comments. */
    static int leadingGapLength(byte[] sql) {
        PsqlScriptLexer lexer = new PsqlScriptLexer(new ByteArrayInputStream(sql), "text");
        lexer.skipGap();
        return (int) lexer.in.consumed();
    }

    /**
     * The tokens of the statements in {@code sql} (words, quoted identifiers, strings without their
     * content, other characters one by one), as this lexer reads them: comments and whitespace left
     * out, {@code E'…'} and dollar quotes as one string each. For analyses of sanitize statements.
     */
    public static List<SqlToken> tokens(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        PsqlScriptLexer lexer = new PsqlScriptLexer(new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)), "statement");
        lexer.tokenSink = tokens::add;
        while (lexer.next(OutputStream.nullOutputStream()) != null) {
            // the sink collects
        }
        return tokens;
    }

    private void token(SqlToken.Kind kind, String text, int depth) {
        if (tokenSink != null) {
            tokenSink.accept(new SqlToken(kind, text, depth));
        }
    }

    /** Sets what {@code standard_conforming_strings} off means: a backslash escapes the next character in every string. */
    public void backslashEscapes(boolean on) {
        this.backslashEscapes = on;
    }

    /** The line the lexer is on. */
    public int line() {
        return in.line();
    }

    /**
     * pg_dump starts a script with "-- PostgreSQL database dump" and ends it with "-- PostgreSQL
     * database dump complete": a script with the first line but not the last one was cut short.
     */
    public boolean looksTruncated() {
        return dumpHeaderSeen && !dumpCompleteSeen;
    }

    /** The next statement or meta-command with its bytes, or null at the end of the script. */
    public ScriptItemBytes next() {
        return next(Integer.MAX_VALUE - 8);
    }

    /**
     * Like {@link #next()}, holding at most {@code maxBytes} of a statement: a longer one (a dump is
     * untrusted input: one statement of a gigabyte of comments would exhaust the heap) is a
     * {@link UserError} naming its line, raised before more than {@code maxBytes} are held.
     */
    public ScriptItemBytes next(int maxBytes) {
        int start = in.line();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256) {
            @Override
            public synchronized void write(int b) {
                if (count >= maxBytes) {
                    throw tooLong(start, maxBytes);
                }
                super.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (count + len > maxBytes) {
                    throw tooLong(start, maxBytes);
                }
                super.write(b, off, len);
            }
        };
        ScriptItem item = next(bytes);
        return item == null ? null : new ScriptItemBytes(item, bytes.toByteArray());
    }

    private UserError tooLong(int after, int maxBytes) {
        return new UserError(label + ": the statement after line " + after + " is longer than "
                + (maxBytes >> 20) + " MiB, more than this engine holds in memory (a dump made by pg_dump with COPY has no "
                + "such statement). Restore it with engine: pg_restore, which streams it to psql.");
    }

    /**
     * Writes the next statement or meta-command to {@code into} as it is read, and says what it was;
     * null at the end of the script. A statement's bytes run from its first token to its semicolon;
     * a meta-command's from the backslash to the end of the line, without the line end. The rows of a
     * COPY the caller did not read are skipped. An {@link IOException} of {@code into} comes out
     * as an {@link UncheckedIOException}.
     */
    public ScriptItem next(OutputStream into) {
        skipRowsNotRead();
        skipGap();
        int c = in.peek(0);
        if (c < 0) {
            // a comment the script's end left open is all that is left
            return unclosed == null ? null : new ScriptItem(ScriptItem.ItemKind.STATEMENT, unclosed.line(), false, false, unclosed);
        }
        out = into;
        head.reset();
        try {
            return c == '\\' ? metaCommand() : statement();
        } finally {
            out = OutputStream.nullOutputStream();
        }
    }

    /**
     * The rows after a {@code COPY … FROM stdin} statement: from the next line to the line
     * {@code \.}, streamed as they are read. Ending without that line is a truncated script.
     */
    public InputStream copyData() {
        if (!copyPending) {
            throw new IllegalStateException("no COPY ... FROM stdin statement is waiting for its data");
        }
        copyPending = false;
        skipRestOfLine();
        rowsBeingRead = new CopyDataRows(in);
        return rowsBeingRead;
    }

    // ---- between statements ----------------------------------------------------------------------

    private void skipGap() {
        unclosed = null;
        while (true) {
            int c = in.peek(0);
            if (isSpace(c)) {
                in.read();
            } else if (c == '-' && in.peek(1) == '-') {
                lineComment();
            } else if (c == '/' && in.peek(1) == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    private void skipRowsNotRead() {
        if (copyPending) {
            copyData();
        }
        if (rowsBeingRead != null) {
            rowsBeingRead.skipRest();
            rowsBeingRead = null;
        }
    }

    private void skipRestOfLine() {
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            // psql reads COPY data from the line after the statement's semicolon
        }
    }

    private ScriptItem metaCommand() {
        int line = in.line();
        int c;
        while ((c = in.peek(0)) >= 0 && c != '\n') {
            emit(in.read());
        }
        in.read();
        return new ScriptItem(ScriptItem.ItemKind.META_COMMAND, line, false, false, null);
    }

    // ---- a statement -----------------------------------------------------------------------------

    private ScriptItem statement() {
        int line = in.line();
        words = new StatementWords();
        parenDepth = 0;
        last = ' ';
        while (true) {
            int c = in.peek(0);
            if (c < 0 || c == '\\') {
                return finish(line, false);
            }
            if (c == '-' && in.peek(1) == '-') {
                lineComment();
            } else if (c == '/' && in.peek(1) == '*') {
                blockComment();
            } else if (isWordStart(c) && !isIdentifierChar(last)) {
                word();
            } else if (take() == ';' && parenDepth == 0 && !words.insideBlock()) {
                return finish(line, true);
            }
        }
    }

    private ScriptItem finish(int line, boolean semicolon) {
        if (words.isSet()) {
            followStandardConformingStrings();
        }
        copyPending = semicolon && words.isCopyFromStdin();
        return new ScriptItem(ScriptItem.ItemKind.STATEMENT, line, semicolon, copyPending, unclosed);
    }

    private void followStandardConformingStrings() {
        Matcher setting = STANDARD_CONFORMING_STRINGS.matcher(head.toString(StandardCharsets.US_ASCII));
        if (setting.matches()) {
            String value = setting.group(1);
            backslashEscapes = value.equalsIgnoreCase("off") || value.equalsIgnoreCase("false");
        }
    }

    /** One character of code, and the quote or dollar quote it opens; returns the character. */
    private int take() {
        int line = in.line();
        int depth = parenDepth;
        int c = emit(in.read());
        boolean quoted = switch (c) {
            case '\'' -> singleQuoted(backslashEscapes, line);
            case '"' -> doubleQuoted(line);
            case '$' -> !isIdentifierChar(last) && dollarQuoted(line);
            case '(' -> {
                parenDepth++;
                yield false;
            }
            case ')' -> {
                parenDepth = Math.max(0, parenDepth - 1);
                depth = parenDepth;
                yield false;
            }
            default -> false; // an operator, digit, comma or space
        };
        if (c == '\'' || (c == '$' && quoted)) {
            token(SqlToken.Kind.STRING, "", depth);
        } else if (c != '"' && !isSpace(c)) {
            token(SqlToken.Kind.SYMBOL, String.valueOf((char) c), depth);
        }
        last = quoted ? ' ' : c;
        return c;
    }

    /**
     * A bare word (keyword or identifier); {@code E'…'} is a string with backslash escapes instead.
     * Only the start of a long word is kept: the words that matter are short.
     */
    private void word() {
        int line = in.line();
        ByteArrayOutputStream word = new ByteArrayOutputStream(16);
        int c = 0;
        while (isIdentifierChar(in.peek(0))) {
            c = emit(in.read());
            if (word.size() < MAX_WORD) {
                word.write(c);
            }
        }
        String text = word.toString(StandardCharsets.UTF_8);
        boolean escapeString = text.length() == 1 && (text.charAt(0) == 'E' || text.charAt(0) == 'e') && in.peek(0) == '\'';
        if (escapeString) {
            emit(in.read());
            singleQuoted(true, line);
            token(SqlToken.Kind.STRING, "", parenDepth);
            last = ' ';
            return;
        }
        words.word(text, parenDepth);
        token(SqlToken.Kind.WORD, text, parenDepth);
        last = c;
    }

    /** After the opening quote: up to the closing one; a doubled quote stays inside. Returns true. */
    private boolean singleQuoted(boolean escapes, int line) {
        while (true) {
            int c = in.read();
            if (c < 0) {
                unclosed = new ScriptItem.Unclosed("string", line);
                return true;
            }
            emit(c);
            if (escapes && c == '\\') {
                if (in.peek(0) >= 0) {
                    emit(in.read());
                }
            } else if (c == '\'') {
                if (in.peek(0) != '\'') {
                    return true;
                }
                emit(in.read());
            }
        }
    }

    /** After the opening double quote: up to the closing one (a doubled one stays inside). Returns true. */
    private boolean doubleQuoted(int line) {
        ByteArrayOutputStream name = new ByteArrayOutputStream(16);
        int c;
        while ((c = in.read()) >= 0) {
            emit(c);
            if (c == '"' && in.peek(0) != '"') {
                token(SqlToken.Kind.QUOTED_IDENTIFIER, name.toString(StandardCharsets.UTF_8), parenDepth);
                return true;
            }
            if (c == '"') {
                emit(in.read());
            }
            if (name.size() < MAX_WORD * 4) {
                name.write(c);
            }
        }
        unclosed = new ScriptItem.Unclosed("quoted identifier", line);
        return true;
    }

    /**
     * After a '$': {@code $$} or {@code $tag$} opens a dollar quote up to the same tag; returns false
     * if the '$' was an ordinary character ({@code $1}).
     */
    private boolean dollarQuoted(int line) {
        int length = dollarTagLength();
        if (length < 0) {
            return false;
        }
        byte[] tag = new byte[length + 2];
        tag[0] = '$';
        for (int i = 1; i < tag.length; i++) {
            tag[i] = (byte) emit(in.read());
        }
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            emit(c);
            if (c == (tag[matched] & 0xFF)) {
                if (++matched == tag.length) {
                    return true;
                }
            } else {
                matched = c == '$' ? 1 : 0;
            }
        }
        unclosed = new ScriptItem.Unclosed("dollar-quoted string " + new String(tag, StandardCharsets.UTF_8), line);
        return true;
    }

    /** The length of the tag between the '$' just read and the next '$', or -1 if no tag is there ({@code $1}). */
    private int dollarTagLength() {
        for (int length = 0; length < ScriptInput.LOOKAHEAD - 1; length++) {
            int c = in.peek(length);
            if (c == '$') {
                return length;
            }
            boolean tagChar = length == 0 ? isWordStart(c) : isWordStart(c) || isDigit(c);
            if (!tagChar) {
                return -1;
            }
        }
        return -1;
    }

    // ---- comments, anywhere ----------------------------------------------------------------------

    /** A -- comment with its line end; pg_dump's opening and closing comments are noted on the way. */
    private void lineComment() {
        StringBuilder start = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            emit(c);
            if (c == '\n') {
                break;
            }
            if (start.length() <= DUMP_COMPLETE.length()) {
                start.append((char) c);
            }
        }
        String text = start.toString().strip();
        dumpHeaderSeen |= text.equals(DUMP_HEADER);
        dumpCompleteSeen |= text.equals(DUMP_COMPLETE);
        last = ' ';
    }

    /** Block comments nest in PostgreSQL, unlike in C. */
    private void blockComment() {
        int line = in.line();
        int depth = 0;
        int c;
        while ((c = in.read()) >= 0) {
            emit(c);
            if (c == '/' && in.peek(0) == '*') {
                emit(in.read());
                depth++;
            } else if (c == '*' && in.peek(0) == '/') {
                emit(in.read());
                if (--depth == 0) {
                    last = ' ';
                    return;
                }
            }
        }
        unclosed = new ScriptItem.Unclosed("/* comment", line);
    }

    private int emit(int c) {
        try {
            out.write(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.size() < HEAD) {
            head.write(c);
        }
        return c;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Letters, '_' and every non-ASCII byte (UTF-8 letters), as psql's lexer has it. */
    private static boolean isWordStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** What may follow in a word: also digits and '$'. */
    private static boolean isIdentifierChar(int c) {
        return isWordStart(c) || isDigit(c) || c == '$';
    }
}
