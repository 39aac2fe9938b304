package dev.dbrestore.config;

/**
 * The PostgreSQL server to restore into, as written in the YAML (interpolated). Any field may be
 * null; {@link dev.dbrestore.db.ConnectionSettings} fills the gaps with the libpq defaults.
 *
 * @param embedded not null for {@code target: embedded}: a server dbrestore starts itself (the other fields are then null)
 */
public record TargetSpec(String url, String host, Integer port, String user, String password, String database,
                         EmbeddedSpec embedded) {
    public TargetSpec(String url, String host, Integer port, String user, String password, String database) {
        this(url, host, port, user, password, database, null);
    }

    public static TargetSpec empty() {
        return new TargetSpec(null, null, null, null, null, null);
    }

    /** {@code target: embedded} with {@code spec}'s settings. */
    public static TargetSpec embedded(EmbeddedSpec spec) {
        return new TargetSpec(null, null, null, null, null, null, spec == null ? EmbeddedSpec.defaults() : spec);
    }
}
