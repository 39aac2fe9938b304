package dev.dbrestore.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach the target PostgreSQL server, with every libpq default already applied. The
 * password is never part of {@link #toString()}, {@link #url(String)} or {@link #jdbcUrl(String)}.
 */
public record ConnectionSettings(String host, int port, String user, String password, String maintenanceDatabase) {

    /** {@code jdbc:postgresql://host:port/db} (no credentials). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** {@code postgres://user@host:port/db} (no password: it stays in PGPASSWORD or ~/.pgpass). */
    public String url(String database) {
        String userPart = user == null ? "" : URLEncoder.encode(user, StandardCharsets.UTF_8) + "@";
        return "postgres://" + userPart + hostForUrl() + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
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
        // the server's DETAIL quotes rows ("Failing row contains (…)"); pgjdbc leaves it out of exception messages
        props.setProperty("logServerErrorDetail", "false");
        if (host.startsWith("/")) {
            // A Unix socket directory: pgjdbc needs junixsocket for that, so fall back to localhost.
            props.setProperty("socketFactory", "");
        }
        return props;
    }

    /** Environment for libpq tools (pg_restore, psql) run as child processes. */
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
        return env;
    }

    @Override
    public String toString() {
        return (user == null ? "" : user + "@") + host + ":" + port;
    }
}
