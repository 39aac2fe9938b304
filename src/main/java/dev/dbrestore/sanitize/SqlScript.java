package dev.dbrestore.sanitize;

import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits an SQL script into statements the way psql does, streaming from a {@link Reader}.
 *
 * <p>A semicolon ends a statement only outside single-quoted strings ({@code 'it''s'}, {@code E'\''}),
 * double-quoted identifiers, dollar quotes ({@code $$ … $$}, {@code $fn$ … $fn$}), comments
 * ({@code --} and nested {@code /* *}{@code /}), parentheses (CREATE RULE bodies), and {@code BEGIN …
 * END} blocks of SQL-standard function bodies (psql's own heuristic). A backslash outside all of
 * these starts a psql meta-command ({@code \i}, {@code \set}, {@code \restrict}): it is returned as
 * a {@link MetaCommand} so a caller decides; {@link #statements} rejects it.
 *
 * <p>After a {@code COPY … FROM stdin} statement the data lines follow up to {@code \.}; a caller
 * that can apply them (a plain-SQL restore) streams them with {@link #copyDataTo(Writer)}.
 */
public final class SqlScript {

    /** One item of a script. */
    public sealed interface Item {
        int line();
    }

    /** An SQL statement without its terminating semicolon; {@code line} is where its first token is. */
    public record Statement(String sql, int line) implements Item {
        private static final Pattern COPY_FROM_STDIN =
                Pattern.compile("(?is)^\\s*COPY\\b.*\\bFROM\\s+STDIN\\b.*");

        public boolean isCopyFromStdin() {
            return COPY_FROM_STDIN.matcher(sql).matches();
        }

        /** The 1-based line in the file of a 1-based character position in {@link #sql} (the server's error position). */
        public int lineOfPosition(int position) {
            int line = this.line;
            for (int i = 0; i < Math.min(position - 1, sql.length()); i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    /** A psql meta-command line such as {@code \set ON_ERROR_STOP on} (backslash included). */
    public record MetaCommand(String text, int line) implements Item {
        /** The command word, e.g. {@code \set}. */
        public String command() {
            int space = text.indexOf(' ');
            return space < 0 ? text.strip() : text.substring(0, space);
        }
    }

    private final LookaheadReader in;
    private final String name;
    private final StringBuilder buffer = new StringBuilder();
    private boolean copyPending;

    // state of the statement being collected
    private int startLine;
    private int parenDepth;
    private int beginDepth;
    private final List<String> leadingWords = new ArrayList<>();

    public SqlScript(Reader reader, String name) {
        this.in = new LookaheadReader(reader);
        this.name = name;
    }

    /** All statements of {@code text}; a psql meta-command is a UserError naming {@code name} and the line. */
    public static List<Statement> statements(String text, String name) {
        SqlScript script = new SqlScript(new StringReader(text), name);
        List<Statement> out = new ArrayList<>();
        for (Item item = script.next(); item != null; item = script.next()) {
            if (item instanceof MetaCommand meta) {
                throw new UserError(name + " line " + meta.line() + ": psql meta-command " + meta.command()
                        + " is not SQL; sanitize files run over JDBC, not through psql. Remove it or replace it "
                        + "with SQL (\\i: list the other file under sanitize:).");
            }
            Statement statement = (Statement) item;
            if (statement.isCopyFromStdin()) {
                throw new UserError(name + " line " + statement.line() + ": COPY ... FROM stdin needs psql to "
                        + "send the data; sanitize files run over JDBC. Use INSERT or COPY from a server file.");
            }
            out.add(statement);
        }
        return out;
    }

    /** The next statement or meta-command, or null at the end of the script. */
    public Item next() {
        if (copyPending) {
            throw new IllegalStateException("the data of the COPY statement before must be read with copyDataTo first");
        }
        while (true) {
            int c = in.peek(0);
            if (c < 0) {
                return finishAtEnd();
            }
            if (buffer.isEmpty() && skipWhitespaceOrComment()) {
                continue;
            }
            if (c == '\\') {
                // psql's meta-commands may also appear inside a statement (\g, \gset); the statement goes on after it
                return metaCommand();
            }
            if (buffer.isEmpty()) {
                startLine = in.line();
            }
            if (c == ';' && parenDepth == 0 && beginDepth == 0) {
                in.next();
                return emit();
            }
            consumeToken();
        }
    }

    /**
     * Streams the data lines after a {@code COPY … FROM stdin} statement to {@code out}, without the
     * terminating {@code \.} line, then continues with the statements after it.
     */
    public void copyDataTo(Writer out) {
        if (!copyPending) {
            throw new IllegalStateException("no COPY ... FROM stdin statement is waiting for its data");
        }
        skipRestOfCopyStatementLine();
        try {
            StringBuilder line = new StringBuilder();
            while (true) {
                line.setLength(0);
                int c;
                while ((c = in.next()) >= 0 && c != '\n') {
                    line.append((char) c);
                }
                if (c < 0 && line.isEmpty()) {
                    break;
                }
                if (line.toString().equals("\\.") || line.toString().equals("\\.\r")) {
                    break;
                }
                out.write(line.toString());
                out.write('\n');
                if (c < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copyPending = false;
    }

    private void skipRestOfCopyStatementLine() {
        // psql reads the data from the line after the one holding the statement's semicolon
        int c;
        while ((c = in.peek(0)) >= 0 && c != '\n') {
            in.next();
        }
        if (c == '\n') {
            in.next();
        }
    }

    private void resetStatement() {
        buffer.setLength(0);
        parenDepth = 0;
        beginDepth = 0;
        leadingWords.clear();
    }

    private Item finishAtEnd() {
        if (buffer.isEmpty()) {
            return null;
        }
        // psql executes an unterminated last statement at the end of a file; so do we
        return emit();
    }

    private Statement emit() {
        Statement statement = new Statement(buffer.toString().stripTrailing(), startLine);
        copyPending = statement.isCopyFromStdin();
        resetStatement();
        return statement;
    }

    /** Between statements, whitespace and comments are dropped so a statement's line is its first token's. */
    private boolean skipWhitespaceOrComment() {
        int c = in.peek(0);
        if (Character.isWhitespace(c)) {
            in.next();
            return true;
        }
        if (c == '-' && in.peek(1) == '-') {
            lineComment(new StringBuilder());
            return true;
        }
        if (c == '/' && in.peek(1) == '*') {
            blockComment(new StringBuilder());
            return true;
        }
        return false;
    }

    private MetaCommand metaCommand() {
        int line = in.line();
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.peek(0)) >= 0 && c != '\n') {
            text.append((char) in.next());
        }
        return new MetaCommand(text.toString().stripTrailing(), line);
    }

    private void consumeToken() {
        int c = in.peek(0);
        if (c == '\'') {
            quoted('\'', false);
        } else if ((c == 'E' || c == 'e') && in.peek(1) == '\'' && !identifierCharBefore()) {
            buffer.append((char) in.next());
            quoted('\'', true);
        } else if (c == '"') {
            quoted('"', false);
        } else if (c == '$' && !identifierCharBefore() && dollarTagLength() > 0) {
            dollarQuoted();
        } else if (c == '-' && in.peek(1) == '-') {
            lineComment(buffer);
        } else if (c == '/' && in.peek(1) == '*') {
            blockComment(buffer);
        } else if (c == '(') {
            parenDepth++;
            buffer.append((char) in.next());
        } else if (c == ')') {
            parenDepth = Math.max(0, parenDepth - 1);
            buffer.append((char) in.next());
        } else if (isIdentifierStart(c) && !identifierCharBefore()) {
            word();
        } else {
            buffer.append((char) in.next());
        }
    }

    private boolean identifierCharBefore() {
        if (buffer.isEmpty()) {
            return false;
        }
        char last = buffer.charAt(buffer.length() - 1);
        return isIdentifierPart(last);
    }

    private static boolean isIdentifierStart(int c) {
        return c >= 0 && (Character.isLetter(c) || c == '_');
    }

    private static boolean isIdentifierPart(int c) {
        return c >= 0 && (Character.isLetterOrDigit(c) || c == '_' || c == '$');
    }

    /**
     * A bare word. Tracks psql's heuristic for SQL-standard function bodies: in CREATE [OR REPLACE]
     * FUNCTION/PROCEDURE, BEGIN … END (and CASE … END inside it) hold semicolons that do not end
     * the statement.
     */
    private void word() {
        StringBuilder w = new StringBuilder();
        while (isIdentifierPart(in.peek(0))) {
            w.append((char) in.next());
        }
        buffer.append(w);
        String lower = w.toString().toLowerCase(Locale.ROOT);
        if (leadingWords.size() < 4) {
            leadingWords.add(lower);
        }
        if (!createsRoutine() || parenDepth > 0) {
            return;
        }
        switch (lower) {
            case "begin" -> beginDepth++;
            case "case" -> {
                if (beginDepth >= 1) {
                    beginDepth++;
                }
            }
            case "end" -> beginDepth = Math.max(0, beginDepth - 1);
            default -> { }
        }
    }

    private boolean createsRoutine() {
        if (leadingWords.size() < 2 || !leadingWords.get(0).equals("create")) {
            return false;
        }
        String second = leadingWords.get(1);
        if (second.equals("function") || second.equals("procedure")) {
            return true;
        }
        return leadingWords.size() >= 4 && second.equals("or") && leadingWords.get(2).equals("replace")
                && (leadingWords.get(3).equals("function") || leadingWords.get(3).equals("procedure"));
    }

    /** {@code 'text'} or {@code "ident"}: a doubled quote stays inside; in E'' strings a backslash escapes. */
    private void quoted(char quote, boolean backslashEscapes) {
        int line = in.line();
        buffer.append((char) in.next());
        while (true) {
            int c = in.next();
            if (c < 0) {
                throw unterminated(quote == '"' ? "quoted identifier" : "string", line);
            }
            buffer.append((char) c);
            if (backslashEscapes && c == '\\') {
                int escaped = in.next();
                if (escaped < 0) {
                    throw unterminated("string", line);
                }
                buffer.append((char) escaped);
            } else if (c == quote) {
                if (in.peek(0) == quote) {
                    buffer.append((char) in.next());
                } else {
                    return;
                }
            }
        }
    }

    /** Length of {@code $tag$} at the current position, 0 if there is none ({@code $1} is a parameter). */
    private int dollarTagLength() {
        int i = 1;
        int c = in.peek(i);
        if (c == '$') {
            return 2;
        }
        if (!isIdentifierStart(c)) {
            return 0;
        }
        while (true) {
            c = in.peek(i);
            if (c == '$') {
                return i + 1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return 0;
            }
            i++;
        }
    }

    private void dollarQuoted() {
        int line = in.line();
        int length = dollarTagLength();
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < length; i++) {
            tag.append((char) in.next());
        }
        buffer.append(tag);
        String closing = tag.toString();
        while (true) {
            int c = in.peek(0);
            if (c < 0) {
                throw unterminated("dollar-quoted string " + closing, line);
            }
            if (c == '$' && startsWith(closing)) {
                for (int i = 0; i < closing.length(); i++) {
                    buffer.append((char) in.next());
                }
                return;
            }
            buffer.append((char) in.next());
        }
    }

    private boolean startsWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (in.peek(i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void lineComment(StringBuilder into) {
        int c;
        while ((c = in.peek(0)) >= 0 && c != '\n') {
            into.append((char) in.next());
        }
    }

    /** Block comments nest in PostgreSQL, unlike in C. */
    private void blockComment(StringBuilder into) {
        int line = in.line();
        int depth = 0;
        while (true) {
            int c = in.peek(0);
            if (c < 0) {
                throw unterminated("/* comment", line);
            }
            if (c == '/' && in.peek(1) == '*') {
                depth++;
                into.append((char) in.next()).append((char) in.next());
            } else if (c == '*' && in.peek(1) == '/') {
                depth--;
                into.append((char) in.next()).append((char) in.next());
                if (depth == 0) {
                    return;
                }
            } else {
                into.append((char) in.next());
            }
        }
    }

    private UserError unterminated(String what, int line) {
        return new UserError(name + " line " + line + ": unterminated " + what + " (runs to the end of the file)");
    }
}
