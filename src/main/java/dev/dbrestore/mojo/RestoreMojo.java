package dev.dbrestore.mojo;

import dev.dbrestore.app.RestoreResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.source.Credentials;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.components.interactivity.Prompter;

import javax.inject.Inject;

/**
 * Restores the newest backup of a profile's source into a new, provenance-named database:
 * staging database, restore, sanitize, verify, rename. Sets {@code dbrestore.database},
 * {@code dbrestore.url} and {@code dbrestore.jdbcUrl} for later plugins of the build.
 */
@Mojo(name = "restore", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class RestoreMojo extends AbstractDbRestoreMojo {
    private final Prompter prompter;
    private final SettingsDecrypter decrypter;

    @Inject
    public RestoreMojo(Prompter prompter, SettingsDecrypter decrypter) {
        this.prompter = prompter;
        this.decrypter = decrypter;
    }

    @Override
    protected Credentials credentials() {
        return new SettingsCredentials(settings, decrypter);
    }

    @Override
    protected dev.dbrestore.app.Prompter prompter() {
        return new MavenPrompter(prompter);
    }

    @Override
    protected String goal() {
        return "restore";
    }

    @Override
    protected void run(RunOptions options) {
        withReport(options, report -> {
            ConfigFile config = loadConfig(options);
            RestoreResult result = useCases(options).restore(config).run(config, options, report);
            if (!result.dryRun()) {
                ExportedProperties.export(project, result);
                getLog().info("export DATABASE_URL=" + result.url());
            }
        });
    }
}
