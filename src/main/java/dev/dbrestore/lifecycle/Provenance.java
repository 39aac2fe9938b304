package dev.dbrestore.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbrestore.support.Json;

import java.time.Instant;
import java.util.Optional;

/**
 * What a database made by this plugin says about itself, stored as JSON in {@code COMMENT ON DATABASE}.
 * The {@code dbrestore} marker field is how {@code list} and {@code prune} recognise the databases
 * this plugin made: a database without it is never touched.
 *
 * @param backupTime   ISO-8601 instant the backup was taken
 * @param restoredAt   ISO-8601 instant the restore finished
 * @param sanitizeHash hash of the sanitize SQL files and rules applied, null when not sanitized
 * @param kind         {@code copy} for a restored copy, {@code template} for a template-cache database,
 *                     {@code staging} for a restore still in progress (or left by a crashed run),
 *                     {@code publish-scratch} for the scratch database of a {@code publish} run
 * @param startedAt    staging only: ISO-8601 instant the restore began, so prune can age leftovers
 * @param target       staging: the final name the run restores to, whose advisory lock a live run holds;
 *                     a copy being replaced: its own name, under which a lone {@code __replaced} is put back
 * @param cacheKey     template only: what the template holds (source, backup, sanitization), see TemplateCache
 * @param published    true for a copy of a dump the {@code publish} goal sanitized (its hash in {@code sanitizeHash}); else null
 * @param leakScan     what the leak scan after sanitization found, one line ({@code clean (…)}, {@code 2 leak(s) (…)},
 *                     {@code off}); null when not sanitized here
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
        String pgDumpVersion,
        String startedAt,
        String target,
        String cacheKey,
        Boolean published,
        String leakScan) {

    public static final int FORMAT_VERSION = 1;
    public static final String COPY = "copy";
    public static final String TEMPLATE = "template";
    public static final String STAGING = "staging";
    /** The scratch database of a {@code publish} run: restored, sanitized, dumped and dropped. */
    public static final String PUBLISH_SCRATCH = "publish-scratch";

    /** Every field but {@code published} (not a copy of a published dump). */
    public Provenance(int formatVersion, String kind, String project, String profile, String source, String backupId,
                      String backupTime, Long backupSize, String restoredAt, boolean sanitized, String sanitizeHash,
                      String engine, String pgDumpVersion, String startedAt, String target, String cacheKey) {
        this(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize, restoredAt, sanitized,
                sanitizeHash, engine, pgDumpVersion, startedAt, target, cacheKey, null, null);
    }

    /** The provenance of a restored copy (the fields a restore knows when it finishes). */
    public Provenance(int formatVersion, String kind, String project, String profile, String source, String backupId,
                      String backupTime, Long backupSize, String restoredAt, boolean sanitized, String sanitizeHash,
                      String engine, String pgDumpVersion) {
        this(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize, restoredAt, sanitized,
                sanitizeHash, engine, pgDumpVersion, null, null, null, null, null);
    }

    /** The mark a restore puts on its staging database the moment it creates it. */
    public static Provenance staging(String project, String profile, String source, String backupId, String backupTime,
                                     String target, Instant startedAt) {
        return new Provenance(FORMAT_VERSION, STAGING, project, profile, source, backupId, backupTime, null, null,
                false, null, null, null, startedAt.toString(), target, null, null, null);
    }

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

    /** A restored copy; provenance written before {@code kind} existed counts as one. */
    @JsonIgnore
    public boolean isCopy() {
        return kind == null || COPY.equals(kind);
    }

    @JsonIgnore
    public boolean isTemplate() {
        return TEMPLATE.equals(kind);
    }

    @JsonIgnore
    public boolean isStaging() {
        return STAGING.equals(kind);
    }

    @JsonIgnore
    public boolean isPublishScratch() {
        return PUBLISH_SCRATCH.equals(kind);
    }

    /**
     * The mark a {@code publish} run puts on its scratch database: like a staging mark, with the scratch
     * database's own name as the target whose advisory lock the live run holds.
     */
    public static Provenance publishScratch(String project, String profile, String source, String backupId,
                                            String backupTime, String scratch, Instant startedAt) {
        return staging(project, profile, source, backupId, backupTime, scratch, startedAt).withKind(PUBLISH_SCRATCH);
    }

    /** A copy of a published dump: sanitized by the publish job with {@code hash}. */
    public Provenance asPublished(String hash) {
        return new Provenance(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, true, sanitizeHash != null ? sanitizeHash : hash, engine, pgDumpVersion, startedAt, target,
                cacheKey, true, leakScan);
    }

    /** For {@code list}: "yes", "no", or "published, sanitized (hash …)". */
    @JsonIgnore
    public String sanitizedText() {
        if (Boolean.TRUE.equals(published)) {
            return "published, sanitized (hash " + (sanitizeHash == null ? "?" : sanitizeHash.substring(0,
                    Math.min(12, sanitizeHash.length()))) + ")";
        }
        return sanitized ? "yes" : "no";
    }

    /** The same provenance recording the leak scan's summary. */
    public Provenance withLeakScan(String summary) {
        return new Provenance(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, sanitized, sanitizeHash, engine, pgDumpVersion, startedAt, target, cacheKey, published, summary);
    }

    public Provenance withSanitized(boolean value, String hash) {
        return new Provenance(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, value, hash, engine, pgDumpVersion, startedAt, target, cacheKey, published, leakScan);
    }

    /** The same provenance naming {@code newTarget} as the name this database belongs under (a replaced copy's own name). */
    public Provenance withTarget(String newTarget) {
        return new Provenance(formatVersion, kind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, sanitized, sanitizeHash, engine, pgDumpVersion, startedAt, newTarget, cacheKey, published, leakScan);
    }

    public Provenance withKind(String newKind) {
        return new Provenance(formatVersion, newKind, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, sanitized, sanitizeHash, engine, pgDumpVersion, startedAt, target, cacheKey, published, leakScan);
    }

    /** This copy's provenance as the template-cache database holding the same data under {@code key}. */
    public Provenance asTemplate(String key) {
        return new Provenance(formatVersion, TEMPLATE, project, profile, source, backupId, backupTime, backupSize,
                restoredAt, sanitized, sanitizeHash, engine, pgDumpVersion, null, null, key, published, leakScan);
    }

    /** A template's provenance as a copy cloned from it at {@code when}. */
    public Provenance asCopyClonedAt(Instant when) {
        return new Provenance(formatVersion, COPY, project, profile, source, backupId, backupTime, backupSize,
                when.toString(), sanitized, sanitizeHash, engine, pgDumpVersion, null, null, null, published, leakScan);
    }
}
