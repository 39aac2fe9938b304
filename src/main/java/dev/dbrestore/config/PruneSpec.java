package dev.dbrestore.config;

import java.time.Duration;

/** Retention: keep the newest {@code keep} copies and/or drop copies older than {@code olderThan}. */
public record PruneSpec(Integer keep, Duration olderThan) {
    public static PruneSpec none() {
        return new PruneSpec(null, null);
    }

    public boolean isEmpty() {
        return keep == null && olderThan == null;
    }
}
