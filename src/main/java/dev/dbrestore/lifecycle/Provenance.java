package dev.dbrestore.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbrestore.support.Json;

import java.util.Optional;

/**
 * What a restored database says about itself, stored as JSON in {@code COMMENT ON DATABASE}.
 * The {@code dbrestore} marker field is how {@code list} and {@code prune} recognise the copies
 * this plugin made: a database without it is never touched.
 *
 * @param backupTime   ISO-8601 instant the backup was taken
 * @param restoredAt   ISO-8601 instant the restore finished
 * @param sanitizeHash hash of the sanitize SQL files and rules applied, null when not sanitized
 * @param kind         {@code copy} for a restored copy, {@code template} for a template-cache database
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        @JsonProperty("dbrestore") int formatVersion,
        String kind,
        String project,
        String profile,
        String source,
        String backupId,
        String backupTime,
        Long backupSize,
        String restoredAt,
        boolean sanitized,
        String sanitizeHash,
        String engine,
        String pgDumpVersion) {

    public static final int FORMAT_VERSION = 1;

    public String toJson() {
        return Json.write(this);
    }

    /** The provenance in a database comment, or empty when the comment is not ours. */
    public static Optional<Provenance> parse(String comment) {
        if (comment == null || !comment.startsWith("{") || !comment.contains("\"dbrestore\"")) {
            return Optional.empty();
        }
        try {
            Provenance p = Json.MAPPER.readValue(comment, Provenance.class);
            return p.formatVersion() >= 1 ? Optional.of(p) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    public Provenance withSanitized(boolean value, String hash) {
        return new Provenance(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, value, hash, engine, pgDumpVersion);
    }

    public Provenance withKind(String newKind) {
        return new Provenance(formatVersion, newKind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, sanitized, sanitizeHash, engine, pgDumpVersion);
    }
}
