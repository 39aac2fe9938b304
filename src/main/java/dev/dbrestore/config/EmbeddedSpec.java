package dev.dbrestore.config;

/**
 * {@code target: embedded} or {@code target: {embedded: {...}}}: a PostgreSQL server that dbrestore
 * unpacks, starts and keeps on this machine. Every field may be null (the default applies).
 *
 * @param version a major ({@code 17}) or an exact binaries version ({@code 17.6.0}); null: the dump's major
 * @param port    null: 54300 + the major version, so that several majors run side by side
 * @param dataDir folder holding one folder per major; null: the platform's data folder
 * @param osUser  the OS user that runs the server when dbrestore runs as root; null: {@code nobody}
 */
public record EmbeddedSpec(String version, Integer port, String dataDir, String osUser) {
    public static EmbeddedSpec defaults() {
        return new EmbeddedSpec(null, null, null, null);
    }
}
