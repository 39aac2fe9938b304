package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;


/**
 * Lists the databases this plugin restored (recognised by their provenance comment): name,
 * profile, source, backup date, restore time, size and whether they were sanitized; with
 * {@code -Ddbrestore.output=json} as a JSON document (schema {@code dbrestore/list/v1}).
 */
@Mojo(name = "list", requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractServerResultMojo {

    @Override
    protected String goal() {
        return "list";
    }

    @Override
    protected void run(RunOptions options) {
        withResult(options, report -> useCases(options).list().run(loadConfig(options), options));
    }
}
