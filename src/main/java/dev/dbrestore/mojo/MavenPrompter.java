package dev.dbrestore.mojo;

import dev.dbrestore.app.Prompter;
import dev.dbrestore.support.UserError;
import org.codehaus.plexus.components.interactivity.PrompterException;

import java.util.List;

/** {@code onExists: prompt} asked through Maven's interactive prompter: only "y" means yes. */
final class MavenPrompter implements Prompter {
    private final org.codehaus.plexus.components.interactivity.Prompter maven;

    MavenPrompter(org.codehaus.plexus.components.interactivity.Prompter maven) {
        this.maven = maven;
    }

    @Override
    public boolean confirm(String question) {
        try {
            String answer = maven.prompt(question, List.of("y", "n"), "n");
            return answer != null && answer.trim().equalsIgnoreCase("y");
        } catch (PrompterException e) {
            throw new UserError("Could not ask: " + question + " (" + e.getMessage() + ")");
        }
    }
}
