package dev.dbrestore.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a profile's {@code source:}, which names exactly one kind of source. */
final class SourceReader {
    static final List<String> KINDS = List.of("heroku", "s3", "file", "url", "command", "database");

    private static final List<String> HEROKU_KEYS = List.of("app", "backup", "serverId", "apiUrl", "capture",
            "captureTimeout");
    private static final List<String> DATABASE_KEYS = List.of("url", "serverId", "schemas", "excludeTables");
    private static final List<String> S3_KEYS = List.of("bucket", "key", "prefix", "glob", "region", "endpoint",
            "pathStyle", "serverId");
    private static final String ONE_OF = "write exactly one of " + String.join(", ", KINDS);

    private SourceReader() {
    }

    static SourceSpec read(ConfigNode node) {
        ConfigMap source = node.map(KINDS);
        List<String> kinds = new ArrayList<>(source.keys());
        if (kinds.isEmpty()) {
            throw node.error("'" + node.path() + "' names no source; " + ONE_OF);
        }
        if (kinds.size() > 1) {
            String second = kinds.get(1);
            throw source.keyError(second, source.entries().get(second), "'" + node.path() + "' has both '"
                    + kinds.get(0) + "' and '" + second + "'; a profile reads from exactly one source");
        }
        ConfigNode value = source.required(kinds.get(0), "write what to read, e.g. " + example(kinds.get(0)));
        return switch (kinds.get(0)) {
            case "heroku" -> heroku(value);
            case "s3" -> s3(value);
            case "file" -> new SourceSpec.File(shortOrMap(value, "path"));
            case "url" -> url(value);
            case "database" -> database(value);
            default -> new SourceSpec.Command(shortOrMap(value, "command"));
        };
    }

    private static String example(String kind) {
        return switch (kind) {
            case "heroku" -> "heroku: { app: acme-production }";
            case "s3" -> "s3: { bucket: acme-backups, prefix: prod/ }";
            case "file" -> "file: ~/Downloads/*.dump";
            case "url" -> "url: https://example.com/latest.dump";
            case "database" -> "database: { url: \"postgres://reader@replica.internal:5432/acme\", serverId: acme-replica }";
            default -> "command: \"ssh backup-host cat /backups/latest.dump\"";
        };
    }

    /** {@code heroku: acme-production} is short for {@code heroku: {app: acme-production}}. */
    private static SourceSpec.Heroku heroku(ConfigNode node) {
        if (node.isScalar()) {
            return new SourceSpec.Heroku(node.nonBlankString(), null, null, null);
        }
        ConfigMap heroku = node.map(HEROKU_KEYS);
        boolean capture = Boolean.TRUE.equals(heroku.bool("capture"));
        if (capture && heroku.string("backup") != null) {
            throw heroku.keyError("backup", heroku.entries().get("backup"), "'" + node.path()
                    + "' has both 'backup' and 'capture: true'; capture restores the backup it captures, backup an existing one");
        }
        ConfigNode timeout = heroku.optional("captureTimeout");
        if (timeout != null && !capture) {
            throw heroku.keyError("captureTimeout", timeout, "'" + node.path()
                    + "' has 'captureTimeout' but not 'capture: true'; it is how long a capture is waited for");
        }
        return new SourceSpec.Heroku(heroku.requiredString("app", "write the Heroku app name: app: acme-production"),
                heroku.string("backup"), heroku.string("serverId"), heroku.string("apiUrl"), capture,
                SettingsReader.duration(timeout));
    }

    /**
     * {@code database: postgres://...} or {@code database: {url: ..., serverId: ..., schemas: [...],
     * excludeTables: [...]}}. A password written in the URL is registered as a secret at once.
     */
    private static SourceSpec.Database database(ConfigNode node) {
        if (node.isScalar()) {
            return new SourceSpec.Database(postgresUrl(node), null, List.of(), List.of());
        }
        ConfigMap db = node.map(DATABASE_KEYS);
        String address = postgresUrl(db.required("url", "write the database's address: url: postgres://user@host:5432/db"));
        return new SourceSpec.Database(address, db.string("serverId"), db.stringOrList("schemas"),
                db.stringOrList("excludeTables"));
    }

    private static String postgresUrl(ConfigNode node) {
        String url = node.nonBlankString();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("postgres://") && !lower.startsWith("postgresql://")) {
            throw node.error("'" + node.path() + "' must be a postgres:// or postgresql:// address "
                    + "(postgres://user@host:5432/database; the password better in a settings.xml server or ~/.pgpass)");
        }
        String path;
        try {
            path = new java.net.URI(url).getRawPath();
        } catch (java.net.URISyntaxException e) {
            throw node.error("'" + node.path() + "' is not a valid URL (percent-encode special characters of the "
                    + "password, e.g. @ as %40)");
        }
        if (path == null || path.length() <= 1) {
            throw node.error("'" + node.path() + "' names no database: write it after the port, "
                    + "postgres://user@host:5432/DATABASE");
        }
        String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        int scheme = withoutQuery.indexOf("://");
        int at = withoutQuery.lastIndexOf('@');
        if (at > scheme) {
            String userInfo = withoutQuery.substring(scheme + 3, at);
            if (userInfo.contains(":")) {
                SettingsReader.secret(java.net.URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1)
                        .replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
                SettingsReader.secret(userInfo.substring(userInfo.indexOf(':') + 1));
            }
        }
        return url;
    }

    /** Also used by {@code publish: {s3: ...}}. */
    static SourceSpec.S3 s3(ConfigNode node) {
        ConfigMap s3 = node.map(S3_KEYS);
        String bucket = s3.requiredString("bucket", "write the bucket name: bucket: acme-backups");
        String key = s3.string("key");
        String prefix = s3.string("prefix");
        String glob = s3.string("glob");
        if (key != null && prefix != null) {
            throw s3.keyError("prefix", s3.entries().get("prefix"), "'" + node.path()
                    + "' has both 'key' and 'prefix'; use key for one object, prefix for the newest object under it");
        }
        if (glob != null && prefix == null) {
            throw s3.keyError("glob", s3.entries().get("glob"), "'" + node.path()
                    + "' has 'glob' but no 'prefix'; glob filters the objects under a prefix (use prefix: \"\" for the whole bucket)");
        }
        Boolean pathStyle = s3.bool("pathStyle");
        return new SourceSpec.S3(bucket, key, prefix, glob, s3.string("region"), s3.string("endpoint"),
                pathStyle != null && pathStyle, s3.string("serverId"));
    }

    /** {@code url: https://...} or {@code url: {url: https://..., headers: {...}}}. */
    private static SourceSpec.Url url(ConfigNode node) {
        if (node.isScalar()) {
            return new SourceSpec.Url(httpUrl(node), Map.of());
        }
        ConfigMap url = node.map(List.of("url", "headers"));
        String address = httpUrl(url.required("url", "write the address: url: https://example.com/latest.dump"));
        Map<String, String> headers = new LinkedHashMap<>();
        ConfigNode headersNode = url.optional("headers");
        if (headersNode != null) {
            // Headers carry tokens (Authorization, X-Api-Key): keep their values out of every log.
            headersNode.map().entries().forEach((name, value) ->
                    headers.put(name, SettingsReader.secret(value.string())));
        }
        return new SourceSpec.Url(address, Collections.unmodifiableMap(headers));
    }

    private static String httpUrl(ConfigNode node) {
        String url = node.nonBlankString();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw node.error("'" + node.path() + "' must be an http:// or https:// address");
        }
        return url;
    }

    /** {@code file: x} is short for {@code file: {path: x}}; the same for {@code command}. */
    private static String shortOrMap(ConfigNode node, String key) {
        if (node.isScalar()) {
            return node.nonBlankString();
        }
        return node.map(List.of(key)).requiredString(key, "write " + key + ": ...");
    }
}
