package dev.dbrestore.db;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * How to reach the target PostgreSQL server, with every libpq default already applied. The
 * password is never part of {@link #toString()}, {@link #url(String)} or {@link #jdbcUrl(String)}.
 *
 * @param parameters the other libpq parameters given (sslmode, sslrootcert, …), passed to the driver
 *                   and to the client tools; never null
 */
public record ConnectionSettings(String host, int port, String user, String password, String maintenanceDatabase,
                                 Map<ConnectionParameter, String> parameters) {

    public ConnectionSettings {
        parameters = parameters == null || parameters.isEmpty() ? Map.of() : Map.copyOf(parameters);
    }

    /** A server reached with libpq's defaults for everything but these five. */
    public ConnectionSettings(String host, int port, String user, String password, String maintenanceDatabase) {
        this(host, port, user, password, maintenanceDatabase, Map.of());
    }

    /**
     * {@code jdbc:postgresql://host:port/db} (no credentials), with the parameters under pgjdbc's names
     * ({@code ?sslmode=verify-full&sslrootcert=…}) so that a later plugin of the build reaches the copy too.
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + percentEncode(database)
                + query(ConnectionParameter::jdbcName);
    }

    /**
     * {@code postgres://user@host:port/db} (no password: it stays in PGPASSWORD or ~/.pgpass), with the
     * parameters under libpq's names ({@code ?sslmode=verify-full}).
     */
    public String url(String database) {
        String userPart = user == null ? "" : percentEncode(user) + "@";
        return "postgres://" + userPart + hostForUrl() + ":" + port + "/" + percentEncode(database)
                + query(ConnectionParameter::libpqName);
    }

    private String query(Function<ConnectionParameter, String> naming) {
        StringBuilder query = new StringBuilder();
        ordered().forEach((parameter, value) -> query.append(query.length() == 0 ? '?' : '&')
                .append(naming.apply(parameter)).append('=').append(percentEncode(value)));
        return query.toString();
    }

    private Map<ConnectionParameter, String> ordered() {
        return parameters.isEmpty() ? Map.of() : new EnumMap<>(parameters);
    }

    /**
     * RFC 3986 percent-encoding of a user or database name: the unreserved characters
     * ({@code A-Z a-z 0-9 - . _ ~}) stay, every other byte of the UTF-8 form becomes {@code %XX}
     * (a space is {@code %20}, never the form encoding's {@code +}, which URLs read as a plus).
     */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private String hostForUrl() {
        if (host.startsWith("/")) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public Properties jdbcProperties() {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "dbrestore");
        ordered().forEach((parameter, value) -> props.setProperty(parameter.jdbcName(), value));
        String sslkey = parameters.get(ConnectionParameter.SSLKEY);
        if (sslkey != null) {
            ClientKey.pemAlgorithm(Path.of(sslkey)).ifPresent(algorithm -> props.setProperty("pemKeyAlgorithm", algorithm));
        }
        // the server's DETAIL quotes rows ("Failing row contains (…)"); pgjdbc leaves it out of exception messages
        props.setProperty("logServerErrorDetail", "false");
        if (host.startsWith("/")) {
            // A Unix socket directory: pgjdbc needs junixsocket for that, so fall back to localhost.
            props.setProperty("socketFactory", "");
        }
        return props;
    }

    /**
     * Environment for libpq tools (pg_restore, psql, pg_dump) run as child processes: the password
     * in {@code PGPASSWORD}, never on a command line; put it in with
     * {@link dev.dbrestore.support.ChildEnvironment#connectTo}, which also removes what would override it.
     */
    public Map<String, String> libpqEnvironment(String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        if (user != null) {
            env.put("PGUSER", user);
        }
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        env.put("PGDATABASE", database);
        env.put("PGAPPNAME", "dbrestore");
        ordered().forEach((parameter, value) -> env.put(parameter.environmentVariable(), value));
        return env;
    }

    @Override
    public String toString() {
        return (user == null ? "" : user + "@") + host + ":" + port;
    }
}
