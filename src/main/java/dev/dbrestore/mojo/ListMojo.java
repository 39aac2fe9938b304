package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.CopyTable;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.List;

/**
 * Lists the databases this plugin restored (recognised by their provenance comment): name,
 * profile, source, backup date, restore time, size and whether they were sanitized.
 */
@Mojo(name = "list", requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractDbRestoreMojo {

    @Override
    protected String goal() {
        return "list";
    }

    @Override
    protected void run(RunOptions options) {
        ConfigFile config = loadConfig(options);
        Profile selected = options.profile() == null ? null : config.profile(options.profile());
        Profile forTarget = selected != null ? selected
                : config.profiles().values().stream().findFirst().orElseThrow();
        ConnectionSettings server = Services.connections(options).resolve(config.effectiveSettings(forTarget).target());
        try (PgAdmin admin = PgAdmin.connect(server)) {
            List<CopyCatalog.Copy> copies = CopyCatalog.copies(admin, selected == null ? null : selected.name());
            if (copies.isEmpty()) {
                getLog().info("No databases restored by dbrestore on " + server
                        + (selected == null ? "" : " for profile " + selected.name()));
                return;
            }
            CopyTable.render(copies).forEach(getLog()::info);
        }
    }
}
