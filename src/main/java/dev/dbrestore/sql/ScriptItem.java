package dev.dbrestore.sql;

/**
 * One statement or psql meta-command of a script, as {@link PsqlScriptLexer} found it; its bytes went
 * where the caller asked.
 *
 * @param kind          statement or meta-command
 * @param line          the line of its first byte (leading whitespace and comments are not part of it)
 * @param semicolon     whether a statement ends with its semicolon (not: the script or a meta-command cut it off)
 * @param copyFromStdin whether a statement is {@code COPY … FROM stdin}: its data lines follow, see
 *                      {@link PsqlScriptLexer#copyData()}
 * @param unclosed      the quote or comment that the end of the script left open, or null
 */
public record ScriptItem(ItemKind kind, int line, boolean semicolon, boolean copyFromStdin, Unclosed unclosed) {

    /** What an item is. */
    public enum ItemKind {
        /** SQL for the server. */
        STATEMENT,
        /** A line that starts with a backslash outside any statement, such as {@code \connect db}, for psql itself. */
        META_COMMAND
    }

    /**
     * A string, quoted identifier, dollar quote or block comment that runs to the end of the script.
     *
     * @param what e.g. "string", "dollar-quoted string $body$", "/* comment"
     * @param line where it opens
     */
    public record Unclosed(String what, int line) {
    }

    public boolean isMetaCommand() {
        return kind == ItemKind.META_COMMAND;
    }
}
