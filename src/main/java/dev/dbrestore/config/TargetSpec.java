package dev.dbrestore.config;

import java.util.Map;

/**
 * The PostgreSQL server to restore into, as written in the YAML (interpolated). Any field may be
 * null; {@link dev.dbrestore.db.ConnectionResolver} fills the gaps the way libpq does.
 *
 * @param serverId the {@code <server>} of Maven's settings.xml whose username and password log in
 * @param service  a service of {@code pg_service.conf} (libpq's {@code service=})
 * @param params   libpq connection parameters ({@code sslmode}, {@code sslrootcert}, …) written under
 *                 {@code params:}; never null
 * @param embedded not null for {@code target: embedded}: a server dbrestore starts itself (the other fields are then null)
 */
public record TargetSpec(String url, String host, Integer port, String user, String password, String database,
                         String serverId, String service, Map<String, String> params, EmbeddedSpec embedded) {

    public TargetSpec {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A target without embedded server. */
    public TargetSpec(String url, String host, Integer port, String user, String password, String database,
                      String serverId, String service, Map<String, String> params) {
        this(url, host, port, user, password, database, serverId, service, params, null);
    }

    /** A target without serverId, service or params. */
    public TargetSpec(String url, String host, Integer port, String user, String password, String database) {
        this(url, host, port, user, password, database, null, null, Map.of());
    }

    public static TargetSpec empty() {
        return new TargetSpec(null, null, null, null, null, null);
    }

    /** {@code target: embedded} with {@code spec}'s settings. */
    public static TargetSpec embedded(EmbeddedSpec spec) {
        return new TargetSpec(null, null, null, null, null, null, null, null, Map.of(),
                spec == null ? EmbeddedSpec.defaults() : spec);
    }
}
