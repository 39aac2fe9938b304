package dev.dbrestore.source;

import java.time.Duration;

/**
 * How often and how patiently a download or an API call is tried again after a transient failure
 * (a dropped connection, HTTP 429 or 5xx): at most {@code maxRetries} times in a row, waiting
 * {@code firstBackoff}, then twice as long each time, but never more than {@code maxBackoff}.
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
    }

    /** Five retries, waiting 1 s, 2 s, 4 s, 8 s and 16 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    public Duration backoff(int retry) {
        Duration wait = firstBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** Sleeps before retry number {@code retry}, turning an interrupt into an {@link java.io.InterruptedIOException}. */
    public void sleepBefore(int retry) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(backoff(retry).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting to retry");
        }
    }
}
