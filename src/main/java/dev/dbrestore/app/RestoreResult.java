package dev.dbrestore.app;

import dev.dbrestore.source.Backup;

/**
 * What a restore produced.
 *
 * @param url              {@code postgres://user@host:port/db} (no password)
 * @param jdbcUrl          {@code jdbc:postgresql://host:port/db}
 * @param embeddedPassword for {@code target: embedded}: the generated password of the embedded server
 *                         (the user cannot know it otherwise); null for any other target
 */
public record RestoreResult(String database, String url, String jdbcUrl, String user, Backup backup, boolean dryRun,
                            String embeddedPassword) {
    public RestoreResult(String database, String url, String jdbcUrl, String user, Backup backup, boolean dryRun) {
        this(database, url, jdbcUrl, user, backup, dryRun, null);
    }

    /** {@link #url()} with the embedded server's password in it (for a 0600 env file only); else {@link #url()}. */
    public String urlWithPassword() {
        if (embeddedPassword == null) {
            return url;
        }
        // the generated password is base64url: nothing in it needs percent-encoding
        return url.replaceFirst("@", ":" + embeddedPassword + "@");
    }
}
