package dev.dbrestore.db;

import java.util.Optional;

/**
 * Logins kept outside the YAML, found by an id: the goals answer from the {@code <servers>} of
 * Maven's settings.xml (decrypted), tests from a map. {@code target.serverId} names one.
 */
@FunctionalInterface
public interface ServerLogins {

    /** A user name and password; either may be null. The password is never logged. */
    record Login(String user, String password) {
    }

    /** The login of the server with this id; empty when there is no such server. */
    Optional<Login> find(String serverId);

    ServerLogins NONE = id -> Optional.empty();
}
