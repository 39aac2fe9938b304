package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;



/**
 * Lists the backups a profile's source offers (id, time, size, status), newest first; with
 * {@code -Ddbrestore.output=json} as a JSON document (schema {@code dbrestore/backups/v1}).
 */
@Mojo(name = "backups", requiresProject = false, threadSafe = true)
public class BackupsMojo extends AbstractResultMojo {

    @Override
    protected String goal() {
        return "backups";
    }

    @Override
    protected void run(RunOptions options) {
        withResult(options, report -> {
            ConfigFile config = loadConfig(options);
            return useCases(options).backups(config).run(config, options);
        });
    }
}
