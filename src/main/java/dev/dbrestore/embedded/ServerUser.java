package dev.dbrestore.embedded;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who runs initdb, pg_ctl and postgres. They refuse to run as root, so when dbrestore runs as root
 * (containers, CI runners) they run as {@code embedded.osUser} (default {@code nobody}) through
 * {@code runuser}, and the folders they write are given to that user.
 * Otherwise they run as the user running Maven.
 */
final class ServerUser {
    static final String DEFAULT = "nobody";

    private final String name;
    private final UserPrincipal principal;
    private final List<String> prefix;

    private ServerUser(String name, UserPrincipal principal, List<String> prefix) {
        this.name = name;
        this.principal = principal;
        this.prefix = prefix;
    }

    /** The user running Maven itself. */
    static ServerUser self() {
        return new ServerUser(System.getProperty("user.name"), null, List.of());
    }

    /** As root: {@code osUser} (null: nobody), which must exist. */
    static ServerUser forRoot(String osUser, Path anyPath) {
        String name = osUser == null || osUser.isBlank() ? DEFAULT : osUser.trim();
        if (name.equals("root")) {
            throw new UserError("target.embedded.osUser is root, but PostgreSQL refuses to run as root; set "
                    + "target.embedded.osUser to an unprivileged user that exists on this machine (e.g. nobody)");
        }
        UserPrincipal principal;
        try {
            principal = anyPath.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new UserError("dbrestore runs as root and PostgreSQL refuses to run as root, so the embedded server "
                    + "runs as the user target.embedded.osUser (now '" + name + "'), but no such user exists here; set "
                    + "target.embedded.osUser to an existing unprivileged user, or run Maven as one");
        } catch (IOException e) {
            throw new Fault("Could not look up the user " + name + ": " + e.getMessage(), e);
        }
        Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new UserError("dbrestore runs as root and PostgreSQL refuses to run as root, but "
                        + "runuser (util-linux) is not installed to run it as target.embedded.osUser (" + name
                        + "); install util-linux or run Maven as an unprivileged user"));
        return new ServerUser(name, principal, List.of(runuser.toString(), "-u", name, "--"));
    }

    String name() {
        return name;
    }

    /** {@code command} run as this user. */
    List<String> command(List<String> command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }

    /** Gives {@code path} to this user (nothing to do when it is the user running Maven). */
    void own(Path path) throws IOException {
        if (principal != null) {
            Files.setOwner(path, principal);
        }
    }
}
