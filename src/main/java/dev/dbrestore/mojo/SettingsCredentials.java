package dev.dbrestore.mojo;

import dev.dbrestore.source.Credentials;
import dev.dbrestore.support.Redactor;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.util.Optional;

/** {@link Credentials} from the {@code <servers>} of Maven's settings.xml, decrypted the way Maven does. */
final class SettingsCredentials implements Credentials {
    private final Settings settings;
    private final SettingsDecrypter decrypter;

    SettingsCredentials(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    @Override
    public Optional<UsernamePassword> server(String serverId) {
        if (settings == null || serverId == null) {
            return Optional.empty();
        }
        Server server = settings.getServer(serverId);
        if (server == null) {
            return Optional.empty();
        }
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() == SettingsProblem.Severity.ERROR) {
                    throw new dev.dbrestore.support.UserError("Cannot decrypt the password of settings.xml server '"
                            + serverId + "': " + problem.getMessage());
                }
            }
            server = result.getServer();
        }
        Redactor.registerSecret(server.getPassword());
        return Optional.of(new UsernamePassword(server.getUsername(), server.getPassword()));
    }
}
