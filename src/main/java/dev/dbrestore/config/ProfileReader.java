package dev.dbrestore.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads one entry of {@code profiles:}. */
final class ProfileReader {
    static final List<String> OWN_KEYS = List.of("sensitive", "source", "sanitize", "mask", "safeColumns",
            "excludeTableData", "verify", "publish");
    static final List<String> KEYS = Stream.concat(OWN_KEYS.stream(), SettingsReader.KEYS.stream()).toList();

    private ProfileReader() {
    }

    static Profile read(String name, ConfigNode node) {
        if (node.isNull()) {
            throw node.error("profile '" + name + "' is empty; it needs at least a source, e.g. source: { file: backup.dump }");
        }
        ConfigMap profile = node.map(KEYS, key -> ConfigReader.TOP_ONLY_KEYS.contains(key)
                ? "'" + key + "' belongs at the top level of the file, not in a profile" : null);
        Boolean sensitive = profile.bool("sensitive");
        return new Profile(
                name,
                sensitive != null && sensitive,
                SourceReader.read(profile.required("source", "write where the backups come from, one of "
                        + String.join(", ", SourceReader.KINDS) + ", e.g. source: { heroku: { app: acme-production } }")),
                profile.stringOrList("sanitize"),
                MaskReader.read(profile.optional("mask")),
                safeColumns(profile.optional("safeColumns")),
                profile.stringOrList("excludeTableData"),
                profile.stringOrList("verify"),
                publish(profile.optional("publish")),
                SettingsReader.read(profile));
    }

    private static Map<String, List<String>> safeColumns(ConfigNode node) {
        if (node == null) {
            return Map.of();
        }
        Map<String, List<String>> safe = new LinkedHashMap<>();
        node.map().entries().forEach((table, columns) -> {
            if (columns.isNull()) {
                throw columns.expected("a list of column names");
            }
            safe.put(table, columns.stringOrList());
        });
        return Collections.unmodifiableMap(safe);
    }

    private static PublishSpec publish(ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap publish = node.map(List.of("s3", "file", "keep"));
        ConfigNode s3Node = publish.optional("s3");
        String file = publish.string("file");
        if ((s3Node == null) == (file == null)) {
            throw node.error("publish: needs exactly one destination: s3: { bucket: acme-sanitized, prefix: prod/ } "
                    + "or file: /srv/dumps/acme");
        }
        SourceSpec.S3 s3 = s3Node == null ? null : SourceReader.s3(s3Node);
        return new PublishSpec(s3, file, publish.integer("keep", 1));
    }
}
