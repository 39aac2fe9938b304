package dev.dbrestore.config;

import dev.dbrestore.support.Redactor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the keys that may stand at the top level and in every profile ({@link Settings}). */
final class SettingsReader {
    static final List<String> KEYS = List.of("target", "naming", "onExists", "envFile", "prune", "autoPrune",
            "cache", "pgBin", "engine", "createMissingRoles", "piiCheck", "keepFailed", "hashSalt", "keepSubscriptions",
            "leakScan");

    private static final List<String> TARGET_KEYS = List.of("url", "host", "port", "user", "password", "database",
            "serverId", "service", "params", "embedded");
    private static final List<String> EMBEDDED_KEYS = List.of("version", "port", "dataDir", "osUser");
    private static final List<String> PRUNE_KEYS = List.of("keep", "olderThan");
    private static final List<String> ON_EXISTS = List.of("fail", "overwrite", "prompt", "suffix");
    private static final List<String> ENGINES = List.of("auto", "native", "pg_restore");
    private static final List<String> PII_CHECKS = List.of("warn", "fail", "off", "strict");
    private static final List<String> LEAK_SCANS = List.of("fail", "warn", "off");
    private static final List<String> CACHES = List.of("template", "download");

    private SettingsReader() {
    }

    /** The settings written in {@code map}; keys not written stay null so that a lower layer shows through. */
    static Settings read(ConfigMap map) {
        return new Settings(
                target(map.optional("target")),
                map.string("naming"),
                enumValue(OnExists.class, map.choice("onExists", ON_EXISTS)),
                map.string("envFile"),
                prune(map.optional("prune")),
                map.bool("autoPrune"),
                cache(map.optional("cache")),
                map.string("pgBin"),
                map.choice("engine", ENGINES),
                map.bool("createMissingRoles"),
                enumValue(PiiCheckMode.class, map.choice("piiCheck", PII_CHECKS)),
                map.bool("keepFailed"),
                map.string("hashSalt"),
                map.bool("keepSubscriptions"),
                enumValue(LeakScanMode.class, map.choice("leakScan", LEAK_SCANS)));
    }

    /** {@code target: postgres://...} is short for {@code target: {url: ...}}. */
    private static TargetSpec target(ConfigNode node) {
        if (node == null) {
            return null;
        }
        if (node.isScalar()) {
            String text = node.nonBlankString();
            return "embedded".equals(text) ? TargetSpec.embedded(null) : new TargetSpec(text, null, null, null, null, null);
        }
        ConfigMap target = node.map(TARGET_KEYS);
        if (target.keys().contains("embedded")) {
            for (String other : target.keys()) {
                if (!other.equals("embedded")) {
                    throw target.keyError(other, target.entries().get(other), "'" + node.path() + "' has both 'embedded' and '"
                            + other + "'; an embedded server is started by dbrestore: write only 'embedded:'");
                }
            }
            return TargetSpec.embedded(embedded(target.optional("embedded")));
        }
        String url = target.string("url");
        if (url != null) {
            for (String conflicting : List.of("host", "port", "database")) {
                if (target.keys().contains(conflicting)) {
                    throw target.keyError(conflicting, target.entries().get(conflicting), "'" + node.path()
                            + "' has both 'url' and '" + conflicting + "'; write the server either as a url or as host, port and database");
                }
            }
        }
        return new TargetSpec(url, target.string("host"), port(target.optional("port")), target.string("user"),
                target.string("password"), target.string("database"), target.string("serverId"),
                target.string("service"), params(target.optional("params")));
    }

    /**
     * {@code params: {sslmode: verify-full, ...}}: libpq connection parameters, checked against the
     * ones dbrestore passes on when the target is resolved (the same check as for the URL's query).
     */
    private static Map<String, String> params(ConfigNode node) {
        if (node == null) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        node.map().entries().forEach((name, value) -> params.put(name, value.string()));
        return params;
    }

    /** {@code embedded:} alone (null), or {@code embedded: {version, port, dataDir, osUser}}. */
    private static EmbeddedSpec embedded(ConfigNode node) {
        if (node == null || node.isNull()) {
            return EmbeddedSpec.defaults();
        }
        ConfigMap embedded = node.map(EMBEDDED_KEYS);
        String version = embedded.string("version");
        if (version != null && !version.matches("\\d+(\\.\\d+){0,2}(-\\d+)?")) {
            throw embedded.optional("version").expected("a PostgreSQL major version such as 17, or a binaries version such as 17.6.0");
        }
        return new EmbeddedSpec(version, port(embedded.optional("port")), embedded.string("dataDir"),
                embedded.string("osUser"));
    }

    private static Integer port(ConfigNode node) {
        if (node == null) {
            return null;
        }
        int port = node.integer(1);
        if (port > 65535) {
            throw node.error("'" + node.path() + "' must be a port number (1-65535), got " + port);
        }
        return port;
    }

    private static PruneSpec prune(ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap prune = node.map(PRUNE_KEYS);
        return new PruneSpec(prune.integer("keep", 0), duration(prune.optional("olderThan")));
    }

    static Duration duration(ConfigNode node) {
        if (node == null) {
            return null;
        }
        Duration duration = Durations.parse(node.string()).orElseThrow(() -> node.expected(Durations.FORMAT));
        if (duration.isZero() || duration.isNegative()) {
            throw node.error("'" + node.path() + "' must be longer than zero");
        }
        return duration;
    }

    /** {@code cache: template} or {@code cache: [template, download]}; {@code cache: []} turns a top-level cache off. */
    private static List<String> cache(ConfigNode node) {
        if (node == null) {
            return null;
        }
        LinkedHashSet<String> kinds = new LinkedHashSet<>();
        if (node.isList()) {
            node.list().forEach(item -> kinds.add(item.choice(CACHES)));
        } else if (node.isScalar()) {
            kinds.add(node.choice(CACHES));
        } else {
            throw node.expected("template, download or a list of them");
        }
        return List.copyOf(kinds);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String yamlName) {
        return yamlName == null ? null : Enum.valueOf(type, yamlName.toUpperCase(Locale.ROOT));
    }

    /**
     * Registers a value that must never reach a log. Only for values that cannot be common words:
     * a target password such as {@code postgres} would otherwise blank out every URL in the log.
     */
    static String secret(String value) {
        Redactor.registerSecret(value);
        return value;
    }
}
