package dev.dbrestore.app;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.Provenance;

import java.util.List;

/**
 * What {@code list -Ddbrestore.output=json} prints: the copies on one server, newest backup first.
 * Schema {@value #SCHEMA}, documented field by field in README "JSON output"; every field is always
 * present (null when unknown), times are ISO-8601 instants in UTC, sizes in bytes.
 *
 * @param server  {@code user@host:port} of the server listed, comma-separated when several embedded servers
 *                are listed (never a password)
 * @param profile the profile asked for, or null when every profile's copies are listed
 */
public record CopiesDocument(String schema, String server, String profile, List<Copy> copies) {
    public static final String SCHEMA = "dbrestore/list/v1";

    /**
     * One copy.
     *
     * @param database      the database's name
     * @param url           {@code postgres://user@host:port/database}, without a password
     * @param sanitized     its data went through sanitization (here or, for {@code published}, in the publish job)
     * @param published     it is a copy of a dump the {@code publish} goal sanitized
     * @param backupTime    when the backup was taken
     * @param restoredAt    when the restore finished
     * @param sizeBytes     the database's size on the server now
     * @param connections   sessions open on it now
     */
    public record Copy(String database, String url, String project, String profile, String source, String backupId,
                       String backupTime, Long backupSizeBytes, String restoredAt, long sizeBytes, boolean sanitized,
                       String sanitizeHash, boolean published, String engine, String pgDumpVersion, int connections) {
    }

    /** The copies found on {@code server}, each with its URL there. */
    static List<Copy> copies(ConnectionSettings server, List<CopyCatalog.Copy> copies) {
        return copies.stream().map(c -> {
            Provenance p = c.provenance();
            return new Copy(c.name(), server.url(c.name()), p.project(), p.profile(), p.source(), p.backupId(),
                    p.backupTime(), p.backupSize(), p.restoredAt(), c.sizeBytes(), p.sanitized(), p.sanitizeHash(),
                    Boolean.TRUE.equals(p.published()), p.engine(), p.pgDumpVersion(), c.connections());
        }).toList();
    }
}
