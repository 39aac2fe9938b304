package dev.dbrestore.sql;

import java.util.Locale;

/**
 * What the bare words of the statement being lexed tell (words in quotes and comments do not count).
 *
 * <p>psql's heuristic for SQL-standard function bodies, copied: when a statement starts with
 * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, a {@code BEGIN} outside parentheses opens a block
 * that {@code END} closes, a {@code CASE} inside such a block also ends with {@code END}, and a
 * semicolon inside a block does not end the statement. Besides, whether the statement is a
 * {@code COPY … FROM stdin}, after which data lines follow in the script, and whether it is a
 * {@code SET}.
 */
final class StatementWords {
    private int count;
    private String first = "";
    private boolean createsRoutine;
    private boolean orReplace;
    private int blockDepth;
    private String previous = "";
    private boolean fromStdin;

    /** Takes the next bare word of the statement; {@code parenDepth} is how many parentheses are open. */
    void word(String word, int parenDepth) {
        String lower = word.toLowerCase(Locale.ROOT);
        followRoutineHeader(lower);
        if (createsRoutine && parenDepth == 0) {
            followBlocks(lower);
        }
        if (parenDepth == 0 && previous.equals("from") && lower.equals("stdin")) {
            fromStdin = true;
        }
        previous = lower;
        count++;
    }

    /** Whether a semicolon here is inside a BEGIN … END block of a function or procedure body. */
    boolean insideBlock() {
        return blockDepth > 0;
    }

    boolean isCopyFromStdin() {
        return first.equals("copy") && fromStdin;
    }

    boolean isSet() {
        return first.equals("set");
    }

    /** psql looks at the first four words only: CREATE [OR REPLACE] FUNCTION|PROCEDURE. */
    private void followRoutineHeader(String lower) {
        switch (count) {
            case 0 -> first = lower;
            case 1 -> {
                orReplace = first.equals("create") && lower.equals("or");
                createsRoutine = first.equals("create") && isRoutine(lower);
            }
            case 2 -> orReplace &= lower.equals("replace");
            case 3 -> createsRoutine |= orReplace && isRoutine(lower);
            default -> {
                // later words do not change what the statement creates
            }
        }
    }

    private void followBlocks(String lower) {
        switch (lower) {
            case "begin" -> blockDepth++;
            case "case" -> {
                if (blockDepth > 0) {
                    blockDepth++;
                }
            }
            case "end" -> blockDepth = Math.max(0, blockDepth - 1);
            default -> {
                // any other word
            }
        }
    }

    private static boolean isRoutine(String lower) {
        return lower.equals("function") || lower.equals("procedure");
    }
}
