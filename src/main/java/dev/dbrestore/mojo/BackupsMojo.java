package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;



/** Lists the backups a profile's source offers (id, time, size, status), newest first. */
@Mojo(name = "backups", requiresProject = false, threadSafe = true)
public class BackupsMojo extends AbstractDbRestoreMojo {

    @Override
    protected boolean printsItsResult() {
        return true;
    }

    @Override
    protected String goal() {
        return "backups";
    }

    @Override
    protected void run(RunOptions options) {
        ConfigFile config = loadConfig(options);
        useCases(options).backups(config).run(config, options);
    }
}
