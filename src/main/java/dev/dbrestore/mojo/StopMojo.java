package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Stops the embedded PostgreSQL servers ({@code target: embedded}; only {@code embedded.version}'s if
 * it is set). The copies stay in the data folder: the next restore or {@code list} starts the server
 * again. Bind it to {@code post-integration-test} after {@code restore} in {@code pre-integration-test}.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class StopMojo extends AbstractServerMojo {

    @Override
    protected String goal() {
        return "stop";
    }

    @Override
    protected void run(RunOptions options) {
        useCases(options).embeddedStatus().stop(configIfPresent(options), options);
    }
}
