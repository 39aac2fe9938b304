package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.source.Credentials;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;


/** Lists the backups a profile's source offers (id, time, size, status), newest first. */
@Mojo(name = "backups", requiresProject = false, threadSafe = true)
public class BackupsMojo extends AbstractDbRestoreMojo {
    private final SettingsDecrypter decrypter;

    @Inject
    public BackupsMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected Credentials credentials() {
        return new SettingsCredentials(settings, decrypter);
    }

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
