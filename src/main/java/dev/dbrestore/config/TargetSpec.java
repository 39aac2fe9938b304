package dev.dbrestore.config;

/**
 * The PostgreSQL server to restore into, as written in the YAML (interpolated). Any field may be
 * null; {@link dev.dbrestore.db.ConnectionSettings} fills the gaps with the libpq defaults.
 */
public record TargetSpec(String url, String host, Integer port, String user, String password, String database) {
    public static TargetSpec empty() {
        return new TargetSpec(null, null, null, null, null, null);
    }
}
