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
 * @param version   what identifies this very content when the source says (an ETag, a Last-Modified);
 *                  the download must find it, so that a backup replaced between listing and
 *                  download is never restored under the listed one's date and size; null when unknown
 */
public record Backup(String id, Instant createdAt, Long size, String status, String location, String version) {

    /** A backup whose source gives no version. */
    public Backup(String id, Instant createdAt, Long size, String status, String location) {
        this(id, createdAt, size, status, location, null);
    }
    public boolean usable() {
        return status == null || status.equals("available") || status.equals("succeeded");
    }
}
