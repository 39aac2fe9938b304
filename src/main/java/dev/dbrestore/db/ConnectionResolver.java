package dev.dbrestore.db;

import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.support.UserError;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns the YAML {@code target:} into {@link ConnectionSettings}, filling what it leaves out the
 * way libpq does: {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD},
 * {@code PGDATABASE}, then {@code ~/.pgpass} (or {@code PGPASSFILE}) for the password.
 */
public final class ConnectionResolver {
    private final Map<String, String> env;
    private final Path home;
    private final EmbeddedServerStarter embedded;
    private final String targetOverride;

    public ConnectionResolver(Map<String, String> env, Path home) {
        this(env, home, EmbeddedServerStarter.NONE, null);
    }

    /**
     * @param embedded       starts the server of a {@code target: embedded}
     * @param targetOverride {@code -Ddbrestore.target}: {@code embedded} or a {@code postgres://} URL that
     *                       replaces the YAML's {@code target:}; null: the YAML decides
     */
    public ConnectionResolver(Map<String, String> env, Path home, EmbeddedServerStarter embedded, String targetOverride) {
        this.env = env;
        this.home = home;
        this.embedded = embedded;
        this.targetOverride = targetOverride == null || targetOverride.isBlank() ? null : targetOverride.trim();
    }

    public static ConnectionResolver system() {
        return new ConnectionResolver(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public ConnectionSettings resolve(TargetSpec target) {
        return resolve(target, -1);
    }

    /** The target to use: {@code -Ddbrestore.target} over the YAML's {@code target:}. */
    public TargetSpec effective(TargetSpec target) {
        if (targetOverride == null) {
            return target == null ? TargetSpec.empty() : target;
        }
        if (targetOverride.equals("embedded")) {
            return target != null && target.embedded() != null ? target : TargetSpec.embedded(null);
        }
        return new TargetSpec(targetOverride, null, null, null, null, null);
    }

    /** Whether {@code target} (after {@code -Ddbrestore.target}) is an embedded server. */
    public boolean isEmbedded(TargetSpec target) {
        return effective(target).embedded() != null;
    }

    /**
     * The servers {@code list} looks at: the target's one server; for {@code target: embedded} without a
     * version, every running embedded server (several majors may run side by side).
     */
    public java.util.List<ConnectionSettings> resolveForListing(TargetSpec target) {
        TargetSpec spec = effective(target);
        if (spec.embedded() != null && spec.embedded().version() == null) {
            java.util.List<ConnectionSettings> all = embedded.connectRunning(spec.embedded());
            all.forEach(s -> dev.dbrestore.support.Redactor.registerSecret(s.password()));
            return all;
        }
        return java.util.List.of(resolve(target));
    }

    /**
     * @param dumpMajor for {@code target: embedded}: the major version of the server that made the dump
     *                  (the embedded server is at least that version); -1 when no dump is involved
     */
    public ConnectionSettings resolve(TargetSpec target, int dumpMajor) {
        TargetSpec spec = effective(target);
        if (spec.embedded() != null) {
            ConnectionSettings server = embedded.connect(spec.embedded(), dumpMajor);
            dev.dbrestore.support.Redactor.registerSecret(server.password());
            return server;
        }
        String host = spec.host();
        Integer port = spec.port();
        String user = spec.user();
        String password = spec.password();
        String database = spec.database();
        if (spec.url() != null && !spec.url().isBlank()) {
            ParsedUrl parsed = parse(spec.url());
            host = first(host, parsed.host);
            port = port != null ? port : parsed.port;
            user = first(user, parsed.user);
            password = first(password, parsed.password);
            database = first(database, parsed.database);
        }
        host = first(host, env.get("PGHOST"), "localhost");
        if (host.startsWith("/")) {
            // pgjdbc talks TCP only: a socket directory means "this machine".
            host = "localhost";
        }
        if (port == null) {
            String envPort = env.get("PGPORT");
            port = envPort == null || envPort.isBlank() ? 5432 : parsePort(envPort, "PGPORT");
        }
        user = first(user, env.get("PGUSER"), System.getProperty("user.name"));
        database = first(database, env.get("PGDATABASE"), "postgres");
        password = first(password, env.get("PGPASSWORD"));
        if (password == null) {
            password = new Pgpass(pgpassFile()).lookup(host, port, database, user);
        }
        dev.dbrestore.support.Redactor.registerSecret(password);
        return new ConnectionSettings(host, port, user, password, database);
    }

    private Path pgpassFile() {
        String explicit = env.get("PGPASSFILE");
        return explicit != null && !explicit.isBlank() ? Path.of(explicit) : home.resolve(".pgpass");
    }

    private record ParsedUrl(String host, Integer port, String user, String password, String database) {
    }

    static ParsedUrl parse(String url) {
        String normalized = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            throw new UserError("target.url is not a valid URL (expected postgres://user:password@host:port/database)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgres") || scheme.equals("postgresql"))) {
            throw new UserError("target.url must start with postgres:// or postgresql://");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        Integer port = uri.getPort() > 0 ? uri.getPort() : null;
        return new ParsedUrl(uri.getHost(), port, emptyToNull(user), emptyToNull(password), database);
    }

    private static int parsePort(String text, String where) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UserError(where + " is not a port number: '" + text + "'");
        }
    }

    /** Percent-decoding of a URL part; a {@code +} there is itself (RFC 3986), not a space as in a form. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }
}
