package dev.dbrestore.sql;

/**
 * One token of a statement as {@link PsqlScriptLexer#tokens} reports it: what an analysis of a
 * statement's words needs (which table an UPDATE sets, which columns), nothing of what it holds.
 *
 * @param kind  what the token is
 * @param text  a word as written (not case-folded); a quoted identifier without its quotes (doubled
 *              quotes undone); one character for {@link Kind#SYMBOL}; empty for {@link Kind#STRING}
 * @param depth how many parentheses are open around it (a parenthesis itself counts as outside)
 */
public record SqlToken(Kind kind, String text, int depth) {

    /** What a token is. */
    public enum Kind {
        /** A bare keyword or identifier: PostgreSQL folds it to lower case. */
        WORD,
        /** A double-quoted identifier: taken as written. */
        QUOTED_IDENTIFIER,
        /** A string or dollar-quoted constant; its content is not kept. */
        STRING,
        /** Any other character of code: an operator, a digit, punctuation. */
        SYMBOL
    }

    /** An identifier as PostgreSQL reads it: a bare word in lower case, a quoted one as written; null for other tokens. */
    public String identifier() {
        return switch (kind) {
            case WORD -> text.toLowerCase(java.util.Locale.ROOT);
            case QUOTED_IDENTIFIER -> text;
            default -> null;
        };
    }

    /** Whether this is the bare word {@code keyword} (case-insensitive). */
    public boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** Whether this is the symbol {@code c}. */
    public boolean is(char c) {
        return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }
}
