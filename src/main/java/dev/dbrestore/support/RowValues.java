package dev.dbrestore.support;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Withholds row values from the text of server and tool messages, keeping what helps a person fix
 * the problem: object names, SQLSTATE, line numbers. A restore runs before sanitization, so an
 * error quoting a row ({@code Failing row contains (2, jane@example.com)}, {@code Key
 * (email)=(…)}, {@code COPY auth_user, line 5, column email: "…"}, {@code invalid input syntax
 * for type integer: "…"}) would put production data into the log, report.json and the exception
 * chain. Applied to every message the plugin prints (through {@link Redactor}) and to every cause
 * it keeps ({@link DbRestoreException}).
 */
public final class RowValues {
    /** What stands where a value was. */
    public static final String WITHHELD = "(value withheld)";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // the server's DETAIL (psql: "DETAIL:  …", pgjdbc: "Detail: …") quotes keys and rows
            new Rule(Pattern.compile("(?m)(DETAIL|Detail):[^\\n]*"), "$1: " + WITHHELD),
            new Rule(Pattern.compile("Failing row contains \\([^\\n]*"), "Failing row contains " + WITHHELD),
            new Rule(Pattern.compile("(Key \\([^)\\n]*\\))=\\([^\\n]*?\\)(?= already exists| is duplicated| is not present| is still referenced|[.\\n]|$)"),
                    "$1=" + WITHHELD),
            // COPY context: "COPY auth_user, line 5, column email: "…"" and psql's "COPY auth_user, line 5: "…""
            new Rule(Pattern.compile("(COPY [^,\\n]+, line \\d+(?:, column [^:\\n]+)?): [^\\n]*"), "$1"),
            // data exceptions name the offending value at the end: invalid input syntax for type X: "…"
            new Rule(Pattern.compile("((?:invalid|malformed)[^:\\n]*|date/time field value out of range|"
                    + "out of range for type [^:\\n]*): (?:\"[^\\n]*\"|'[^\\n]*'|0x[0-9a-fA-F x]+)"), "$1: " + WITHHELD),
            new Rule(Pattern.compile("value \"[^\"\\n]*\" is out of range"), "value " + WITHHELD + " is out of range"),
            // psql echoes the failing statement's text ("LINE 1: INSERT INTO … VALUES ('…')") and a caret under it
            new Rule(Pattern.compile("(?m)^(\\s*LINE \\d+:)[^\\n]*"), "$1 " + WITHHELD),
            // a quoted INSERT of a dump written with --inserts ("Command was: INSERT INTO t VALUES (1, '…')"): table and
            // columns stay, the rows go, also the further rows of a multi-row INSERT, each on a line of its own
            new Rule(Pattern.compile("(?i)(INSERT INTO\\s[^\\n]*?\\sVALUES)\\s*+(?!\\(value withheld\\))(?:\\([^\\n]*)?"
                    + "(?:\\n[ \\t]*\\([^\\n]*)*"), "$1 " + WITHHELD),
            // a plain dump's large object contents: SELECT pg_catalog.lowrite(0, '\\x…')
            new Rule(Pattern.compile("(lowrite\\(\\d+, )'[^'\\n]*(?:'|$)"), "$1" + WITHHELD));

    private RowValues() {
    }

    /** {@code text} with every row value the patterns above know replaced by {@link #WITHHELD}. */
    public static String withheld(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(result);
            if (m.find()) {
                result = m.replaceAll(rule.replacement());
            }
        }
        return result;
    }

    /**
     * A copy of {@code cause} and its own causes whose messages have been through {@link #withheld}
     * and {@link Redactor}, with the original stack traces: what {@code mvn -X} prints of a failure
     * then holds no row value and no secret. Returns {@code cause} itself when nothing needed hiding.
     */
    public static Throwable inCauseChain(Throwable cause) {
        if (cause == null || cause instanceof DbRestoreException) {
            return cause; // made by us: already clean, and its own cause was cleaned when it was made
        }
        Throwable inner = inCauseChain(cause.getCause());
        String message = cause.getMessage();
        String clean = Redactor.redact(message);
        if (inner == cause.getCause() && (message == null || message.equals(clean))) {
            return cause;
        }
        Withheld copy = new Withheld(cause.getClass().getName() + (clean == null ? "" : ": " + clean), inner);
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message held a row value or a secret; its text names the original class. */
    static final class Withheld extends Exception {
        Withheld(String text, Throwable cause) {
            super(text, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
