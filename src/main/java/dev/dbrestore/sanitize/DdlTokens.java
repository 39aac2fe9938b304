package dev.dbrestore.sanitize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one DDL statement as pg_dump writes it (a statement the lexer already split off):
 * words, double-quoted identifiers (unquoted, {@code ""} undone), string and dollar-quoted
 * constants (kept whole, never looked into), numbers and single punctuation characters; comments
 * and whitespace dropped. Enough to read names and column lists, not to understand expressions.
 */
final class DdlTokens {

    /** One token; {@code quoted} for a double-quoted identifier, whose {@code text} is exact. */
    record Token(String text, boolean quoted, boolean constant) {
        boolean is(String word) {
            return !quoted && !constant && text.equalsIgnoreCase(word);
        }

        /** The identifier this token names: folded to lower case unless quoted. */
        String name() {
            return quoted ? text : text.toLowerCase(Locale.ROOT);
        }
    }

    private final List<Token> tokens;
    private int at;

    private DdlTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Tokens already read, to be read again from their start. */
    static DdlTokens over(List<Token> tokens) {
        return new DdlTokens(tokens);
    }

    static DdlTokens of(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i);
            } else if (c == '"') {
                int j = i + 1;
                StringBuilder name = new StringBuilder();
                while (j < n) {
                    if (sql.charAt(j) == '"') {
                        if (j + 1 < n && sql.charAt(j + 1) == '"') {
                            name.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(sql.charAt(j++));
                }
                out.add(new Token(name.toString(), true, false));
                i = j + 1;
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                int start = i;
                boolean escapes = c != '\'';
                int j = escapes ? i + 2 : i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (escapes && d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == '\'') {
                        if (j + 1 < n && sql.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(new Token(sql.substring(start, Math.min(n, j + 1)), false, true));
                i = j + 1;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                out.add(new Token(sql.substring(i, end), false, true));
                i = end;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c > 127) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$' || sql.charAt(j) > 127)) {
                    j++;
                }
                out.add(new Token(sql.substring(i, j), false, false));
                i = j;
            } else {
                out.add(new Token(String.valueOf(c), false, false));
                i++;
            }
        }
        return new DdlTokens(out);
    }

    private static int blockCommentEnd(String sql, int from) {
        int depth = 0;
        int i = from;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, else null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
                return null; // $1 is a parameter
            }
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    boolean atEnd() {
        return at >= tokens.size();
    }

    Token peek() {
        return atEnd() ? null : tokens.get(at);
    }

    Token next() {
        return atEnd() ? null : tokens.get(at++);
    }

    /** Skips the next tokens if they are these words (case-insensitive); false (nothing skipped) if not. */
    boolean accept(String... words) {
        for (int k = 0; k < words.length; k++) {
            if (at + k >= tokens.size() || !tokens.get(at + k).is(words[k])) {
                return false;
            }
        }
        at += words.length;
        return true;
    }

    /** Skips to just after the next {@code word} (at depth 0 of parentheses); false when there is none. */
    boolean skipPast(String word) {
        int depth = 0;
        while (!atEnd()) {
            Token t = next();
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (depth == 0 && t.is(word)) {
                return true;
            }
        }
        return false;
    }

    /** A possibly schema-qualified name: {@code [schema, name]} (schema null when not given), or null. */
    String[] qualifiedName() {
        Token first = next();
        if (first == null || first.constant() || (!first.quoted() && !isWord(first.text()))) {
            return null;
        }
        if (peek() != null && peek().is(".")) {
            next();
            Token second = next();
            return second == null ? null : new String[] {first.name(), second.name()};
        }
        return new String[] {null, first.name()};
    }

    /**
     * The tokens up to the closing parenthesis that matches the one just read, split at the commas
     * of depth 0; the closing parenthesis is consumed.
     */
    List<List<Token>> parenthesizedList() {
        List<List<Token>> items = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        while (!atEnd()) {
            Token t = next();
            if (t.is("(") || t.is("[")) {
                depth++;
            } else if ((t.is(")") || t.is("]")) && depth > 0) {
                depth--;
            } else if (t.is(")")) {
                break;
            } else if (t.is(",") && depth == 0) {
                items.add(current);
                current = new ArrayList<>();
                continue;
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            items.add(current);
        }
        return items;
    }

    private static boolean isWord(String text) {
        return !text.isEmpty() && (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_' || text.charAt(0) > 127);
    }
}
