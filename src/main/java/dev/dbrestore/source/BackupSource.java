package dev.dbrestore.source;

import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A place backups come from (file, URL, Heroku, S3, command). Implementations never put a secret
 * into a log line or exception message.
 */
public interface BackupSource {

    /** Human description for logs and provenance, e.g. {@code heroku:acme-production}. */
    String describe();

    /** The value of the {@code {app}} naming token: the Heroku app or S3 bucket; null for others. */
    default String app() {
        return null;
    }

    /** The backups on offer, newest first (including unusable ones such as failed Heroku backups). */
    List<Backup> list() throws IOException;

    /** The backup to restore: the one with {@code requestedId}, or the newest usable one. */
    default Backup pick(String requestedId) throws IOException {
        List<Backup> all = list();
        if (requestedId != null && !requestedId.isBlank()) {
            return all.stream().filter(b -> b.id().equals(requestedId)).findFirst()
                    .orElseThrow(() -> new UserError("Backup '" + requestedId + "' not found in " + describe()
                            + (all.isEmpty() ? "" : "; newest is " + all.get(0).id())));
        }
        return all.stream().filter(Backup::usable).findFirst()
                .orElseThrow(() -> new UserError("No usable backup found in " + describe()));
    }

    /** The sanitize hash of a dump the {@code publish} goal sanitized (its manifest says so); empty for a raw backup. */
    default Optional<String> publishedSanitizeHash(Backup backup) {
        return Optional.empty();
    }

    /** Opens the backup for streaming. */
    DumpInput open(Backup backup) throws IOException;

    /**
     * Opens the backup's first bytes only, fetched as far as they are read (a remote dump: ranged
     * requests of growing windows), so its archive header and TOC can be read without
     * downloading it; null when this source cannot do that without producing the whole dump (a
     * command).
     */
    default DumpInput openHead(Backup backup) throws IOException {
        return null;
    }

    /** What {@link Backup#createdAt()} is for this source, for the log: "the file's modification time". */
    default String timeMeaning() {
        return "the source's time for the backup";
    }
}
