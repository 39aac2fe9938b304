package dev.dbrestore.source.heroku;

import dev.dbrestore.source.Credentials;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Heroku API key, in this order: {@code HEROKU_API_KEY}; the {@code password} of
 * {@code machine api.heroku.com} in {@code ~/.netrc} (where {@code heroku login} puts it when
 * no OS keychain is used); the password of the {@code settings.xml} server named by
 * {@code serverId}. The key is registered with the Redactor the moment it is found.
 */
final class HerokuApiKey {
    private HerokuApiKey() {
    }

    static String find(Map<String, String> env, Path home, Credentials credentials, String serverId) {
        String key = env.get("HEROKU_API_KEY");
        String origin = "HEROKU_API_KEY";
        if (key == null || key.isBlank()) {
            key = netrcPassword(home.resolve(".netrc"), "api.heroku.com").orElse(null);
            origin = "~/.netrc";
        }
        if ((key == null || key.isBlank()) && serverId != null) {
            key = credentials.server(serverId).map(Credentials.UsernamePassword::password).orElse(null);
            origin = "settings.xml server " + serverId;
        }
        if (key == null || key.isBlank()) {
            throw new UserError("No Heroku API key found. Set HEROKU_API_KEY (e.g. export HEROKU_API_KEY=$(heroku auth:token)), "
                    + "log in with the Heroku CLI so ~/.netrc holds it, or put it as the password of a settings.xml "
                    + "<server> and name that server with serverId: in the heroku source.");
        }
        Redactor.registerSecret(key.trim());
        return key.trim();
    }

    /** The password of {@code machine} in a netrc file: tokens separated by white space, in any order. */
    static Optional<String> netrcPassword(Path netrc, String machine) {
        if (!Files.isRegularFile(netrc)) {
            return Optional.empty();
        }
        List<String> tokens;
        try {
            tokens = List.of(Files.readString(netrc, StandardCharsets.UTF_8).trim().split("\\s+"));
        } catch (IOException e) {
            return Optional.empty();
        }
        boolean inMachine = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("machine") && i + 1 < tokens.size()) {
                inMachine = tokens.get(++i).equals(machine);
            } else if (t.equals("default")) {
                inMachine = false;
            } else if (inMachine && t.equals("password") && i + 1 < tokens.size()) {
                return Optional.of(tokens.get(i + 1));
            }
        }
        return Optional.empty();
    }
}
