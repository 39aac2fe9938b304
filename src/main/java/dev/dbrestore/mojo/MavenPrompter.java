package dev.dbrestore.mojo;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.support.UserError;
import org.codehaus.plexus.components.interactivity.PrompterException;

import java.util.List;

/** {@code onExists: prompt} asked through Maven's interactive prompter; anything not offered is the default. */
final class MavenPrompter implements Prompter {
    private final org.codehaus.plexus.components.interactivity.Prompter maven;

    MavenPrompter(org.codehaus.plexus.components.interactivity.Prompter maven) {
        this.maven = maven;
    }

    @Override
    public String choose(String question, List<String> answers, String defaultAnswer) {
        try {
            String answer = maven.prompt(question, answers, defaultAnswer);
            String a = answer == null ? "" : answer.trim().toLowerCase(java.util.Locale.ROOT);
            return answers.contains(a) ? a : defaultAnswer;
        } catch (PrompterException e) {
            throw new UserError("Could not ask: " + question + " (" + e.getMessage() + ")");
        }
    }
}
