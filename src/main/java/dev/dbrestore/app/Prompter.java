package dev.dbrestore.app;

import java.util.List;

/** Asks the person at the terminal a question with a few one-letter answers (Maven's interactive prompter in the goals). */
public interface Prompter {
    /** One of {@code answers}, lower-case; {@code defaultAnswer} when nothing (or something else) was typed. */
    String choose(String question, List<String> answers, String defaultAnswer);

    /** For batch mode and tests: never asked, always the default. */
    Prompter NEVER = (question, answers, defaultAnswer) -> defaultAnswer;
}
