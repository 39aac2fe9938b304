package dev.dbrestore.app;

import dev.dbrestore.source.Backup;

/**
 * What a restore produced.
 *
 * @param url     {@code postgres://user@host:port/db} (no password)
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db}
 */
public record RestoreResult(String database, String url, String jdbcUrl, String user, Backup backup, boolean dryRun) {
}
