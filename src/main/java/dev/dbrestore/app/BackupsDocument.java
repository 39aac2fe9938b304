package dev.dbrestore.app;

import dev.dbrestore.source.Backup;

import java.util.List;

/**
 * What {@code backups -Ddbrestore.output=json} prints: the backups a profile's source offers, newest
 * first. Schema {@value #SCHEMA}, documented field by field in README "JSON output"; every field is
 * always present (null when unknown), times are ISO-8601 instants in UTC, sizes in bytes.
 *
 * @param profile the profile whose source is listed
 * @param source  the source as the log names it ({@code file:…}, {@code s3://…}, {@code heroku:app}), no secret
 */
public record BackupsDocument(String schema, String profile, String source, List<Entry> backups) {
    public static final String SCHEMA = "dbrestore/backups/v1";

    /**
     * One backup.
     *
     * @param id        what {@code -Ddbrestore.backup=} takes: Heroku's {@code b042}, an S3 key, a file name
     * @param createdAt when it was taken (Heroku: finish time; S3: LastModified; file: modification time)
     * @param status    {@code available} (files, objects), Heroku's {@code succeeded}, {@code failed}, …
     * @param usable    restore would take it
     * @param location  where it is (never a signed URL or a secret)
     */
    public record Entry(String id, String createdAt, Long sizeBytes, String status, boolean usable, String location) {
    }

    static BackupsDocument of(String profile, String source, List<Backup> backups) {
        return new BackupsDocument(SCHEMA, profile, source, backups.stream()
                .map(b -> new Entry(b.id(), b.createdAt() == null ? null : b.createdAt().toString(), b.size(),
                        b.status(), b.usable(), b.location()))
                .toList());
    }
}
