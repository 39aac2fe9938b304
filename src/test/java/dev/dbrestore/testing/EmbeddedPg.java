package dev.dbrestore.testing;

import dev.dbrestore.config.EmbeddedSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.embedded.EmbeddedServers;
import dev.dbrestore.embedded.PostgresBinaries;
import dev.dbrestore.mojo.MavenBinaries;
import dev.dbrestore.support.Progress;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.supplier.RepositorySystemSupplier;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Embedded PostgreSQL servers for the tests: the real binaries artifacts, resolved through Maven's
 * resolver from the build's local repository and Maven Central exactly as the goals resolve them, in
 * a data folder of this checkout (a user's default folder and ports stay untouched), one server per
 * major shared by the tests.
 */
public final class EmbeddedPg {
    private static PostgresBinaries binaries;

    private EmbeddedPg() {
    }

    /** The binaries resolver the tests share (Maven's resolver, the user's local repository, Central). */
    public static synchronized PostgresBinaries binaries() {
        if (binaries == null) {
            RepositorySystem system = new RepositorySystemSupplier().get();
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            String local = System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local)));
            session.setOffline(Boolean.getBoolean("dbrestore.test.offline"));
            RemoteRepository central = new RemoteRepository.Builder("central", "default",
                    "https://repo.maven.apache.org/maven2/").build();
            binaries = new MavenBinaries(system, session, List.of(central));
        }
        return binaries;
    }

    /**
     * The tests' data folder: under /var/tmp (as root the server's user must reach it, and root's home is
     * 0700), one per checkout so that two checkouts' test runs do not share servers.
     */
    public static Path dataDir() {
        String checkout = Path.of("").toAbsolutePath().toString();
        return Path.of("/var/tmp", "dbrestore-tests-" + Integer.toHexString(checkout.hashCode()), "postgres");
    }

    /**
     * A port for {@code major} that is neither a user's default (54300 + major) nor another checkout's,
     * and below Linux's ephemeral range (32768–60999): a port in it may, at that moment, be the local
     * end of one of the tests' own client connections, and the server then cannot listen on it.
     */
    public static int port(int major) {
        int checkout = Math.floorMod(Path.of("").toAbsolutePath().toString().hashCode(), 200);
        return 27000 + checkout * 20 + major;
    }

    /** {@code target: {embedded: {version: major, port: …, dataDir: …}}}. */
    public static EmbeddedSpec spec(int major) {
        return new EmbeddedSpec(Integer.toString(major), port(major), dataDir().toString(), null);
    }

    /** {@code target: {embedded: {port: …, dataDir: …}}}: the version comes from the dump. */
    public static EmbeddedSpec specForDump(int major) {
        return new EmbeddedSpec(null, port(major), dataDir().toString(), null);
    }

    public static EmbeddedServers servers(Progress log) {
        return new EmbeddedServers(binaries(), Map.of(), log);
    }

    /** Connections as the goals resolve them, with the embedded servers available. */
    public static ConnectionResolver connections(Path home, Progress log) {
        return new ConnectionResolver(Map.of(), home).withEmbedded(servers(log), null);
    }
}
