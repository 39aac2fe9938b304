package dev.dbrestore.db;

import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.support.Platform;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the YAML {@code target:} into {@link ConnectionSettings}, filling what it leaves out the
 * way libpq does. For each keyword the first source that gives it wins:
 * <ol>
 *   <li>the YAML: {@code host}, {@code port}, {@code user}, {@code password}, {@code database},
 *       {@code params}, then {@code url} (its query too: {@code ?sslmode=verify-full&...});</li>
 *   <li>the settings.xml server named by {@code serverId} (user and password);</li>
 *   <li>the {@code pg_service.conf} service named by {@code service}, the URL's {@code ?service=} or
 *       {@code PGSERVICE} (libpq reads a service before the environment);</li>
 *   <li>{@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE},
 *       {@code PGSSLMODE}, {@code PGSSLROOTCERT}, … ({@link ConnectionParameter});</li>
 *   <li>the defaults (localhost, 5432, the OS user, postgres), and for the password
 *       {@code ~/.pgpass} (or {@code PGPASSFILE}).</li>
 * </ol>
 */
public final class ConnectionResolver {
    private static final List<String> URL_FORMS = List.of("postgres://", "postgresql://", "jdbc:postgresql://");
    private static final Map<String, String> ENVIRONMENT = Map.of("host", "PGHOST", "port", "PGPORT",
            "user", "PGUSER", "password", "PGPASSWORD", "dbname", "PGDATABASE");

    private final Map<String, String> env;
    private final Path home;
    private final ServerLogins logins;
    private final EmbeddedServerStarter embedded;
    private final String targetOverride;
    private final Platform platform;

    /** Resolves from {@code env} (the {@code PG*} variables) and {@code home} (its password and service files). */
    public ConnectionResolver(Map<String, String> env, Path home) {
        this(env, home, ServerLogins.NONE, EmbeddedServerStarter.NONE, null, Platform.current());
    }

    private ConnectionResolver(Map<String, String> env, Path home, ServerLogins logins, EmbeddedServerStarter embedded,
                               String targetOverride, Platform platform) {
        this.platform = platform;
        this.env = env;
        this.home = home;
        this.logins = logins;
        this.embedded = embedded;
        this.targetOverride = targetOverride == null || targetOverride.isBlank() ? null : targetOverride.trim();
    }

    /** The same, with {@code logins}: where {@code target.serverId} is looked up (the goals: settings.xml). */
    public ConnectionResolver withLogins(ServerLogins logins) {
        return new ConnectionResolver(env, home, logins, embedded, targetOverride, platform);
    }

    /**
     * The same, with embedded servers.
     *
     * @param embedded       starts the server of a {@code target: embedded}
     * @param targetOverride {@code -Ddbrestore.target}: {@code embedded} or a {@code postgres://} URL that
     *                       replaces the YAML's {@code target:}; null: the YAML decides
     */
    public ConnectionResolver withEmbedded(EmbeddedServerStarter embedded, String targetOverride) {
        return new ConnectionResolver(env, home, logins, embedded, targetOverride, platform);
    }

    /** The same on {@code platform}: where libpq's password file is by default ({@code %APPDATA%\postgresql\pgpass.conf} on Windows). */
    public ConnectionResolver withPlatform(Platform platform) {
        return new ConnectionResolver(env, home, logins, embedded, targetOverride, platform);
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
        Keywords given = new Keywords();
        given.offer("host", spec.host());
        given.offer("port", spec.port() == null ? null : spec.port().toString());
        given.offer("user", spec.user());
        given.offer("password", spec.password());
        given.offer("dbname", spec.database());
        spec.params().forEach((name, value) -> given.offerParameter(name, value, "target.params"));
        String service = spec.service();
        if (spec.url() != null && !spec.url().isBlank()) {
            service = first(service, given.offerUrl(spec.url()));
        }
        if (spec.serverId() != null && !spec.serverId().isBlank()) {
            ServerLogins.Login login = logins.find(spec.serverId()).orElseThrow(() -> new UserError(
                    "target.serverId '" + spec.serverId() + "' is not a <server> of Maven's settings.xml "
                            + "(~/.m2/settings.xml, or the file given with -s)."));
            given.offer("user", login.user());
            given.offer("password", login.password());
        }
        service = first(service, env.get("PGSERVICE"));
        if (service != null) {
            String where = "the pg_service.conf service '" + service + "'";
            PgServiceFile.lookup(service, env, home).forEach((keyword, value) -> {
                if (ENVIRONMENT.containsKey(keyword)) {
                    given.offer(keyword, value);
                } else {
                    given.offerParameter(keyword, value, where);
                }
            });
        }
        ENVIRONMENT.forEach((keyword, variable) -> given.offer(keyword, env.get(variable)));
        for (ConnectionParameter parameter : ConnectionParameter.values()) {
            given.offerParameter(parameter.libpqName(), env.get(parameter.environmentVariable()),
                    parameter.environmentVariable());
        }
        return settings(given);
    }

    private ConnectionSettings settings(Keywords given) {
        String host = first(given.keywords.get("host"), "localhost");
        if (host.startsWith("/")) {
            // pgjdbc talks TCP only: a socket directory means "this machine".
            host = "localhost";
        }
        int port = given.keywords.containsKey("port") ? parsePort(given.keywords.get("port")) : 5432;
        String user = first(given.keywords.get("user"), System.getProperty("user.name"));
        String database = first(given.keywords.get("dbname"), "postgres");
        String password = given.keywords.get("password");
        if (password == null) {
            password = new Pgpass(pgpassFile()).lookup(host, port, database, user);
        }
        Redactor.registerSecret(password);
        return new ConnectionSettings(host, port, user, password, database, given.parameters);
    }

    private Path pgpassFile() {
        String explicit = env.get("PGPASSFILE");
        return explicit != null && !explicit.isBlank() ? Path.of(explicit) : platform.pgpassFile(home, env.get("APPDATA"));
    }

    /** What the sources gave so far: the first non-blank value of each keyword stays. */
    private static final class Keywords {
        private final Map<String, String> keywords = new HashMap<>();
        private final Map<ConnectionParameter, String> parameters = new EnumMap<>(ConnectionParameter.class);

        void offer(String keyword, String value) {
            if (value != null && !value.isBlank()) {
                keywords.putIfAbsent(keyword, value);
            }
        }

        void offerParameter(String name, String value, String where) {
            ConnectionParameter parameter = ConnectionParameter.byLibpqName(name).orElseThrow(() -> new UserError(
                    where + " has the connection parameter '" + name + "', which dbrestore does not pass on; it knows "
                            + ConnectionParameter.names() + "."));
            if (value != null && !value.isBlank() && !parameters.containsKey(parameter)) {
                parameters.put(parameter, parameter.checked(value, where));
            }
        }

        /** Offers what the URL gives; returns the service it names, if any. */
        String offerUrl(String url) {
            Map<String, String> query = new LinkedHashMap<>();
            ParsedUrl parsed = parse(url, query);
            offer("host", parsed.host());
            offer("port", parsed.port() == null ? null : parsed.port().toString());
            offer("user", parsed.user());
            offer("password", parsed.password());
            offer("dbname", parsed.database());
            String service = query.remove("service");
            query.forEach((name, value) -> {
                if (ENVIRONMENT.containsKey(name)) {
                    offer(name, value);
                } else {
                    offerParameter(name, value, "target.url");
                }
            });
            return service;
        }
    }

    private record ParsedUrl(String host, Integer port, String user, String password, String database) {
    }

    /**
     * Reads {@code postgres://}, {@code postgresql://} and {@code jdbc:postgresql://} URLs; the query's
     * parameters go into {@code query} under their libpq names (a {@code jdbc:} URL may use pgjdbc's:
     * {@code ApplicationName}, {@code connectTimeout}; {@code ssl=true} means what it means to each:
     * {@code verify-full} to pgjdbc, {@code require} to libpq). No message quotes the URL: it may hold a password.
     */
    private static ParsedUrl parse(String url, Map<String, String> query) {
        boolean jdbc = url.startsWith("jdbc:");
        String normalized = jdbc ? url.substring(5) : url;
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            throw new UserError("target.url is not a valid URL (expected postgres://user:password@host:port/database)");
        }
        String scheme = uri.getScheme();
        boolean postgres = scheme != null && (scheme.equals("postgresql") || !jdbc && scheme.equals("postgres"));
        if (!postgres || uri.isOpaque()) {
            throw new UserError("target.url must start with " + String.join(", ", URL_FORMS.subList(0, 2)) + " or "
                    + URL_FORMS.get(2));
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null
                && !uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1).isEmpty()) {
            throw new UserError("target.url: cannot read its host (one host[:port] only; several hosts are not supported)");
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
        readQuery(uri.getRawQuery(), jdbc, query);
        return new ParsedUrl(unbracketed(uri.getHost()), port, emptyToNull(user), emptyToNull(password), database);
    }

    private static void readQuery(String rawQuery, boolean jdbc, Map<String, String> query) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        String ssl = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.equals("ssl")) {
                ssl = value;
                continue;
            }
            if (jdbc) {
                name = ConnectionParameter.byJdbcName(name).map(ConnectionParameter::libpqName).orElse(name);
            }
            query.put(name, value);
        }
        if (ssl != null && !ssl.equalsIgnoreCase("false")) {
            query.putIfAbsent("sslmode", jdbc ? "verify-full" : "require");
        }
    }

    private static String unbracketed(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UserError("The target's port is not a port number: '" + text + "'");
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
