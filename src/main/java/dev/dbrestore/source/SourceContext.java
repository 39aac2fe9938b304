package dev.dbrestore.source;

import dev.dbrestore.support.Progress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a source may consult besides its {@link dev.dbrestore.config.SourceSpec}: the environment
 * (injectable, so tests need not touch the real one), the home directory ({@code ~} in file
 * patterns, {@code ~/.netrc}), the directory relative file patterns start from, the
 * {@code settings.xml} servers, the log, and how downloads retry and report progress.
 */
public record SourceContext(Map<String, String> env, Path home, Path baseDir, Credentials credentials,
                            Progress progress, RetryPolicy retry, Duration progressInterval) {

    public SourceContext {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(progressInterval, "progressInterval");
    }

    /** The real environment, {@code user.home}, {@code user.dir}, 5 retries, a progress line every 5 seconds. */
    public static SourceContext of(Credentials credentials, Progress progress) {
        return new SourceContext(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("user.dir")), credentials, progress, RetryPolicy.defaults(),
                Duration.ofSeconds(5));
    }

    public SourceContext withEnv(Map<String, String> newEnv) {
        return new SourceContext(newEnv, home, baseDir, credentials, progress, retry, progressInterval);
    }

    public SourceContext withHome(Path newHome) {
        return new SourceContext(env, newHome, baseDir, credentials, progress, retry, progressInterval);
    }

    /** Where relative file patterns start, e.g. the Maven project's base directory. */
    public SourceContext withBaseDir(Path newBaseDir) {
        return new SourceContext(env, home, newBaseDir, credentials, progress, retry, progressInterval);
    }

    public SourceContext withRetry(RetryPolicy newRetry) {
        return new SourceContext(env, home, baseDir, credentials, progress, newRetry, progressInterval);
    }

    public SourceContext withProgressInterval(Duration newInterval) {
        return new SourceContext(env, home, baseDir, credentials, progress, retry, newInterval);
    }

    /** An environment variable, or null when it is unset or blank. */
    public String envVar(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
