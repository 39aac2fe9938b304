package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.source.Credentials;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;


/**
 * Lists the backups a profile's source offers (id, time, size, status), newest first; with
 * {@code -Ddbrestore.output=json} as a JSON document (schema {@code dbrestore/backups/v1}).
 */
@Mojo(name = "backups", requiresProject = false, threadSafe = true)
public class BackupsMojo extends AbstractResultMojo {
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
