package dev.dbrestore.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one way every goal shows a point in time to the user: {@code 2026-12-01 14:42 UTC}, in the
 * log lines and in the list, prune and backups tables alike. report.json and the provenance keep
 * the full ISO instant.
 */
public final class Times {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-12-01 14:42 UTC}; null for null. */
    public static String show(Instant instant) {
        return instant == null ? null : SHOWN.format(instant);
    }

    /** An ISO instant as stored in a provenance comment, shown as {@link #show(Instant)}; text that is none stays as it is. */
    public static String show(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return show(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
