package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.BackupTable;
import dev.dbrestore.support.Fault;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

import java.io.IOException;
import java.util.List;

/** Lists the backups a profile's source offers (id, time, size, status), newest first. */
@Mojo(name = "backups", requiresProject = false, threadSafe = true)
public class BackupsMojo extends AbstractDbRestoreMojo {
    private final SettingsDecrypter decrypter;

    @Inject
    public BackupsMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected String goal() {
        return "backups";
    }

    @Override
    protected void run(RunOptions options) {
        ConfigFile config = loadConfig(options);
        Profile profile = config.profile(options.profile());
        BackupSource source = Services.sources(progress, options, config,
                new SettingsCredentials(settings, decrypter)).apply(profile.source());
        List<Backup> backups;
        try {
            backups = source.list();
        } catch (IOException e) {
            throw new Fault("Could not list the backups of " + source.describe() + ": " + e.getMessage(), e);
        }
        getLog().info("Backups of profile " + profile.name() + " in " + source.describe() + ", newest first:");
        BackupTable.render(backups).forEach(getLog()::info);
    }
}
