package dev.dbrestore.config;

import java.util.Map;

/** Where a profile's backups come from: exactly one of the variants below. */
public sealed interface SourceSpec {

    /** A short human description for logs and provenance, never holding a secret. */
    String describe();

    /** Heroku Postgres backups of an app. {@code apiUrl} overrides the data API base (tests). */
    record Heroku(String app, String backup, String serverId, String apiUrl) implements SourceSpec {
        @Override public String describe() { return "heroku:" + app; }
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

    /** A shell command whose standard output is the dump. */
    record Command(String command) implements SourceSpec {
        @Override public String describe() { return "command"; }
    }
}
