package dev.dbrestore.lifecycle;

import dev.dbrestore.config.PruneSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.support.UserError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which restored copies of one profile a prune drops, judged by the backup date in their
 * provenance (not by when they were restored, so re-restoring an old backup does not make it
 * "new"): every copy beyond the newest {@code keep}, and every copy whose backup is older than
 * {@code olderThan}. Either rule alone drops; with neither set nothing is dropped.
 */
public record RetentionPolicy(Integer keep, Duration olderThan) {

    public RetentionPolicy {
        if (keep != null && keep < 0) {
            throw new UserError("keep must be 0 or more, got " + keep);
        }
        if (olderThan != null && (olderThan.isNegative() || olderThan.isZero())) {
            throw new UserError("olderThan must be a positive duration, got " + olderThan);
        }
    }

    /** The YAML's {@code prune:} with {@code -Ddbrestore.keep} / {@code -Ddbrestore.olderThan} replacing its fields. */
    public static RetentionPolicy of(PruneSpec yaml, RunOptions options) {
        PruneSpec spec = yaml == null ? PruneSpec.none() : yaml;
        return new RetentionPolicy(options.keep() != null ? options.keep() : spec.keep(),
                options.olderThan() != null ? options.olderThan() : spec.olderThan());
    }

    public boolean isEmpty() {
        return keep == null && olderThan == null;
    }

    /**
     * The copies to drop with the reason for each, in the order given.
     *
     * @param newestFirst one profile's copies, newest backup first ({@link CopyCatalog#NEWEST_FIRST})
     */
    public Map<CopyCatalog.Copy, String> toDrop(List<CopyCatalog.Copy> newestFirst, Instant now) {
        Map<CopyCatalog.Copy, String> drop = new LinkedHashMap<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            CopyCatalog.Copy copy = newestFirst.get(i);
            if (keep != null && i >= keep) {
                drop.put(copy, "beyond the newest " + keep);
            } else if (olderThan != null && isOlder(copy, now.minus(olderThan))) {
                drop.put(copy, "backup older than " + format(olderThan));
            }
        }
        return drop;
    }

    /** For the log: {@code keep the newest 3, drop backups older than 30d}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (keep != null) {
            parts.add("keep the newest " + keep);
        }
        if (olderThan != null) {
            parts.add("drop backups older than " + format(olderThan));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** By the backup's date; a copy that records none is aged by its restore time, one with neither is kept. */
    private static boolean isOlder(CopyCatalog.Copy copy, Instant cutoff) {
        Instant date = CopyCatalog.instant(copy.provenance().backupTime());
        if (date == Instant.MIN) {
            date = CopyCatalog.instant(copy.provenance().restoredAt());
        }
        return date != Instant.MIN && date.isBefore(cutoff);
    }

    static String format(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }
}
