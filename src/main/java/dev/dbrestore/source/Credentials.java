package dev.dbrestore.source;

import java.util.Optional;

/**
 * Looks up a user name and password by server id: the Maven goals implement it over the
 * {@code <servers>} of {@code settings.xml} (decrypted), so that no secret needs to be written in
 * the YAML file. Sources ask for it only when a profile names a {@code serverId}.
 */
@FunctionalInterface
public interface Credentials {

    /** The credentials stored under {@code serverId}, or empty when there is no such server. */
    Optional<UsernamePassword> server(String serverId);

    /** Credentials that know no server at all. */
    static Credentials none() {
        return serverId -> Optional.empty();
    }
}
