package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;


/**
 * Lists the databases this plugin restored (recognised by their provenance comment): name,
 * profile, source, backup date, restore time, size and whether they were sanitized.
 */
@Mojo(name = "list", requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractServerMojo {

    @Override
    protected boolean printsItsResult() {
        return true;
    }

    @Override
    protected String goal() {
        return "list";
    }

    @Override
    protected void run(RunOptions options) {
        useCases(options).list().run(loadConfig(options), options);
    }
}
