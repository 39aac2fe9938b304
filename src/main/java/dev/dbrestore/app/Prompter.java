package dev.dbrestore.app;

/** Asks the person at the terminal a yes/no question (Maven's interactive prompter in the goals). */
public interface Prompter {
    boolean confirm(String question);

    /** For batch mode and tests: never asked, never yes. */
    Prompter NEVER = question -> false;
}
