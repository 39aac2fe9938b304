package dev.dbrestore.source;

import java.util.Optional;

/**
 * Secrets kept outside the YAML: the goals answer from Maven's {@code settings.xml} servers
 * (decrypted), tests from a map.
 */
public interface Credentials {

    /** A user name and password; either may be null. Never logged. */
    record UsernamePassword(String username, String password) {
    }

    Optional<UsernamePassword> server(String serverId);

    Credentials NONE = id -> Optional.empty();
}
