package dev.dbrestore.source.heroku;

import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.UsernamePassword;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Heroku API key and where it came from (for messages; {@link #toString()} never shows the key).
 * Looked up like the Heroku CLI does: {@code HEROKU_API_KEY}, else the {@code .netrc} entry
 * {@code heroku login} writes, else a {@code settings.xml} server named by {@code serverId}.
 */
record ApiKey(String value, String origin) {

    static ApiKey find(SourceContext context, String serverId) {
        String fromEnv = context.envVar("HEROKU_API_KEY");
        if (fromEnv != null) {
            return remember(fromEnv, "the HEROKU_API_KEY environment variable");
        }
        String machine = HerokuHosts.platformHost(context);
        for (String name : new String[] {".netrc", "_netrc"}) {
            Path netrc = context.home().resolve(name);
            Optional<String> fromNetrc = Netrc.password(netrc, machine);
            if (fromNetrc.isPresent()) {
                return remember(fromNetrc.get(), "~/" + name + " (machine " + machine + ")");
            }
        }
        if (serverId != null && !serverId.isBlank()) {
            Credentials credentials = context.credentials();
            Optional<UsernamePassword> server = credentials.server(serverId);
            if (server.isPresent() && server.get().password() != null && !server.get().password().isBlank()) {
                return remember(server.get().password(), "the settings.xml server '" + serverId + "'");
            }
            throw new UserError("No Heroku API key: settings.xml has no server '" + serverId + "' with a password, "
                    + "HEROKU_API_KEY is not set and ~/.netrc has no machine " + machine + ". " + HOW_TO);
        }
        throw new UserError("No Heroku API key found. " + HOW_TO);
    }

    static final String HOW_TO = "Give one in any of three ways: "
            + "(1) export HEROKU_API_KEY=$(heroku auth:token); "
            + "(2) heroku login, which stores it in ~/.netrc as machine api.heroku.com "
            + "(recent CLIs use the OS keychain instead: then use 1 or 3); "
            + "(3) a <server> in ~/.m2/settings.xml with the key as <password>, named by serverId: in the heroku source";

    private static ApiKey remember(String value, String origin) {
        Redactor.registerSecret(value);
        return new ApiKey(value.trim(), origin);
    }

    @Override
    public String toString() {
        return "ApiKey[from " + origin + "]";
    }
}
