package dev.dbrestore.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where a profile's backups come from: exactly one of the variants below. */
public sealed interface SourceSpec {

    /** A short human description for logs and provenance, never holding a secret. */
    String describe();

    /**
     * Heroku Postgres backups of an app. {@code apiUrl} overrides the data API base (tests).
     * {@code capture}: capture a fresh backup first ({@code pg:backups:capture}) and restore that one,
     * waiting at most {@code captureTimeout} for it.
     */
    record Heroku(String app, String backup, String serverId, String apiUrl, boolean capture, Duration captureTimeout)
            implements SourceSpec {
        /** How long a capture is waited for when {@code captureTimeout} is not written. */
        public static final Duration DEFAULT_CAPTURE_TIMEOUT = Duration.ofMinutes(30);

        /** The newest (or the named) existing backup, nothing captured. */
        public Heroku(String app, String backup, String serverId, String apiUrl) {
            this(app, backup, serverId, apiUrl, false, null);
        }

        @Override public String describe() { return "heroku:" + app; }

        public Duration captureTimeoutOrDefault() {
            return captureTimeout == null ? DEFAULT_CAPTURE_TIMEOUT : captureTimeout;
        }
    }

    /** An S3 (or S3-compatible) object: {@code key}, or the newest object under {@code prefix} matching {@code glob}. */
    record S3(String bucket, String key, String prefix, String glob, String region, String endpoint,
              boolean pathStyle, String serverId) implements SourceSpec {
        @Override public String describe() {
            return "s3://" + bucket + "/" + (key != null ? key : (prefix == null ? "" : prefix) + (glob == null ? "" : glob));
        }
    }

    /** A dump file or directory; a glob picks the newest match by modification time. */
    record File(String path) implements SourceSpec {
        @Override public String describe() { return "file:" + path; }
    }

    /** An http(s) URL streamed as is. */
    record Url(String url, Map<String, String> headers) implements SourceSpec {
        @Override public String describe() { return "url:" + url; }
    }

    /**
     * A live database dumped with {@code pg_dump -Fc} (a read replica, a staging server). {@code url}
     * is {@code postgres://user:password@host:port/db}; missing parts come from a settings.xml server
     * ({@code serverId}), then the {@code PG*} variables and {@code ~/.pgpass}. {@code schemas} and
     * {@code excludeTables} become pg_dump's {@code --schema} and {@code --exclude-table}.
     */
    record Database(String url, String serverId, List<String> schemas, List<String> excludeTables) implements SourceSpec {
        public Database {
            schemas = schemas == null ? List.of() : List.copyOf(schemas);
            excludeTables = excludeTables == null ? List.of() : List.copyOf(excludeTables);
        }

        /** {@code database:} and the URL without its password or query (which may carry one). */
        @Override public String describe() {
            return "database:" + withoutSecrets(url);
        }

        static String withoutSecrets(String url) {
            String u = url;
            int q = u.indexOf('?');
            if (q >= 0) {
                u = u.substring(0, q);
            }
            int scheme = u.indexOf("://");
            int at = u.lastIndexOf('@');
            if (scheme >= 0 && at > scheme) {
                String userInfo = u.substring(scheme + 3, at);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    u = u.substring(0, scheme + 3) + userInfo.substring(0, colon) + u.substring(at);
                }
            }
            return u;
        }
    }

    /** A shell command whose standard output is the dump. */
    record Command(String command) implements SourceSpec {
        @Override public String describe() { return "command"; }
    }
}
