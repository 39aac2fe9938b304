package dev.dbrestore.source.http;

import java.time.Duration;

/** How often and how patiently a dropped download is resumed. */
public record RetryPolicy(int maxResumes, Duration firstBackoff, Duration maxBackoff, Duration idleTimeout) {

    /** With the standard idle timeout: a connection that delivers nothing for a minute counts as dropped. */
    public RetryPolicy(int maxResumes, Duration firstBackoff, Duration maxBackoff) {
        this(maxResumes, firstBackoff, maxBackoff, Duration.ofSeconds(60));
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** Backoff before resume number {@code attempt} (1-based): doubling from the first, capped. */
    public Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
