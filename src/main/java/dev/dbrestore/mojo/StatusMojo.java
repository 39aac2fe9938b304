package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows the embedded PostgreSQL servers ({@code target: embedded}): version, port, whether they run,
 * data folder, size, and the copies in each running one.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractServerResultMojo {

    @Override
    protected String goal() {
        return "status";
    }

    @Override
    protected void run(RunOptions options) {
        withResult(options, report -> useCases(options).embeddedStatus().show(configIfPresent(options), options));
    }
}
