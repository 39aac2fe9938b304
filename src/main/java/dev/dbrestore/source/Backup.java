package dev.dbrestore.source;

import java.time.Instant;

/**
 * One backup a source offers.
 *
 * @param id        the source's id for it: Heroku's {@code b042}, an S3 key, a file name
 * @param createdAt when the backup was taken (Heroku: finish time; S3: LastModified; file: mtime);
 *                  gives the {@code {date}} naming token
 * @param size      bytes, or null when unknown
 * @param status    e.g. {@code succeeded}, {@code failed}; {@code available} for files and objects
 * @param location  where it is, for logs (never a signed URL or a secret)
 */
public record Backup(String id, Instant createdAt, Long size, String status, String location) {
    public boolean usable() {
        return status == null || status.equals("available") || status.equals("succeeded");
    }
}
