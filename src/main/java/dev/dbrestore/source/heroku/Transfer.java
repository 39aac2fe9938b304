package dev.dbrestore.source.heroku;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One element of {@code GET /client/v11/apps/{app}/transfers}: a backup, restore or copy. Only
 * backups ({@code pg_dump} → {@code gof3r}) interest us. Timestamps come as
 * {@code 2026-06-01 10:00:00 +0000}, not RFC 3339.
 */
record Transfer(String uuid, long num, String fromType, String toType, Boolean succeeded, boolean scheduled,
                Instant createdAt, Instant startedAt, Instant finishedAt, boolean canceled, boolean deleted,
                Long processedBytes, Long sourceBytes) {

    private static final DateTimeFormatter HEROKU_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");

    static Transfer of(JsonNode n) {
        return new Transfer(text(n, "uuid"), n.path("num").asLong(), text(n, "from_type"), text(n, "to_type"),
                n.path("succeeded").isBoolean() ? n.path("succeeded").asBoolean() : null,
                n.hasNonNull("schedule"),
                time(n, "created_at"), time(n, "started_at"), time(n, "finished_at"),
                n.hasNonNull("canceled_at"), n.hasNonNull("deleted_at") || n.hasNonNull("purged_at"),
                number(n, "processed_bytes"), number(n, "source_bytes"));
    }

    private static Long number(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asLong() : null;
    }

    boolean isBackup() {
        return "pg_dump".equals(fromType) && "gof3r".equals(toType) && !deleted;
    }

    /** The name the Heroku CLI shows: {@code b042}, {@code a005} for scheduled ones. */
    String name() {
        String prefix = scheduled ? "a" : "b";
        return prefix + String.format("%03d", num);
    }

    /** Completed, failed, canceled, running or pending, as {@code heroku pg:backups} and {@code pg:backups:info} say it. */
    String status() {
        if (canceled) {
            return "canceled";
        }
        if (finishedAt != null) {
            return Boolean.TRUE.equals(succeeded) ? "succeeded" : "failed";
        }
        return startedAt != null ? "running" : "pending";
    }

    /** No more changes to wait for: finished (well or not) or canceled. */
    boolean finished() {
        return finishedAt != null || canceled;
    }

    /** The backup's date for naming: when it finished (the data's moment), else when it was created. */
    Instant takenAt() {
        return finishedAt != null ? finishedAt : createdAt;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant time(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v, HEROKU_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
