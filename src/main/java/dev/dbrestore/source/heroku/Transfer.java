package dev.dbrestore.source.heroku;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One element of {@code GET /client/v11/apps/{app}/transfers}: a backup, a restore or a copy.
 * Field meanings and the naming rule ({@code b042}, {@code a005}…) follow the Heroku CLI, see
 * heroku-api.md §2 and §3.
 */
record Transfer(int num, String uuid, String fromType, String toType, String fromName, Boolean succeeded,
                boolean scheduled, String legacyName, Long processedBytes, Instant createdAt, Instant startedAt,
                Instant finishedAt, Instant canceledAt, boolean deleted) {

    /** The data API's timestamps: {@code 2026-06-01 10:00:00 +0000}, not RFC 3339. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");
    private static final Pattern NUMBERED_NAME = Pattern.compile("[abcr](\\d+)");

    static Transfer of(Map<?, ?> json) {
        Object options = json.get("options");
        Object legacy = options instanceof Map<?, ?> map ? map.get("pgbackups_name") : null;
        return new Transfer(
                ((BigDecimal) json.get("num")).intValueExact(),
                text(json.get("uuid")),
                text(json.get("from_type")),
                text(json.get("to_type")),
                text(json.get("from_name")),
                (Boolean) json.get("succeeded"),
                json.get("schedule") != null,
                text(legacy),
                json.get("processed_bytes") instanceof BigDecimal bytes ? bytes.longValue() : null,
                time(json.get("created_at")),
                time(json.get("started_at")),
                time(json.get("finished_at")),
                time(json.get("canceled_at")),
                json.get("deleted_at") != null || json.get("purged_at") != null);
    }

    /** A backup proper: {@code pg_dump} into storage, not deleted; restores and copies are not. */
    boolean isBackup() {
        return "pg_dump".equals(fromType) && "gof3r".equals(toType) && !deleted;
    }

    /** Finished and succeeded: the only kind that can be downloaded. */
    boolean isSuccessful() {
        return Boolean.TRUE.equals(succeeded) && finishedAt != null;
    }

    /** The name the CLI shows, e.g. {@code b042}, {@code a005} (scheduled), {@code ob1} (legacy import). */
    String name() {
        if (legacyName != null) {
            return "o" + legacyName;
        }
        String prefix;
        if ("pg_dump".equals(fromType) && "pg_restore".equals(toType)) {
            prefix = "c";
        } else if ("pg_dump".equals(fromType)) {
            prefix = scheduled ? "a" : "b";
        } else if ("pg_restore".equals(toType)) {
            prefix = "r";
        } else {
            prefix = "b";
        }
        return prefix + String.format("%03d", num);
    }

    /** {@code succeeded}, {@code failed}, {@code canceled}, {@code running} or {@code pending}. */
    String status() {
        if (canceledAt != null) {
            return "canceled";
        }
        if (finishedAt != null) {
            return Boolean.TRUE.equals(succeeded) ? "succeeded" : "failed";
        }
        return startedAt != null ? "running" : "pending";
    }

    /**
     * Whether a user's backup id names this transfer: {@code b042}, {@code b42} and {@code a042}
     * all name number 42 as in the CLI; legacy names must match exactly.
     */
    boolean isNamed(String id) {
        Matcher numbered = NUMBERED_NAME.matcher(id);
        if (numbered.matches()) {
            return legacyName == null && Long.parseLong(numbered.group(1)) == num;
        }
        return id.equals(name());
    }

    /** True for ids the CLI accepts: {@code b042}, {@code a5}, {@code c3}, {@code r7}, {@code oa12}. */
    static boolean isValidName(String id) {
        return NUMBERED_NAME.matcher(id).matches() || id.matches("o[ab]\\d+");
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant time(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString(), TIME).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value.toString()).toInstant();
        }
    }
}
