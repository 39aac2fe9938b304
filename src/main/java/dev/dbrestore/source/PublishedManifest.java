package dev.dbrestore.source;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbrestore.support.Json;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code <name>.manifest.json} the {@code publish} goal writes beside each sanitized dump: where the
 * dump came from (source, backup id, the <em>original</em> backup's time), how it was cleaned (sanitize
 * hash, sanitization and verify results), what it holds (row counts per table) and how to check it
 * (size, SHA-256).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishedManifest(
        @JsonProperty("dbrestorePublished") int formatVersion,
        String dump,
        String project,
        String profile,
        String source,
        String backupId,
        String backupTime,
        String publishedAt,
        String sanitizeHash,
        Object sanitize,
        List<Object> verification,
        Map<String, Long> rowCounts,
        long size,
        String sha256,
        String pgDumpVersion,
        String pluginVersion) {

    public static final int FORMAT_VERSION = 1;
    public static final String DUMP_SUFFIX = ".dump";
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code acme-prod-20261128T0410Z}: names sort by the backup's time. */
    public static String baseName(String project, String profile, Instant backupTime) {
        return stem(project, profile) + "-" + STAMP.format(backupTime);
    }

    /**
     * True for the name of a dump published for this project and profile, and for no other profile's
     * ({@code acme-prod-…} is not {@code acme-prod-publish-…}).
     */
    public static boolean isDumpOf(String name, String project, String profile) {
        String stem = stem(project, profile) + "-";
        return name.startsWith(stem) && name.substring(stem.length()).matches("\\d{8}T\\d{4}Z\\.dump");
    }

    private static String stem(String project, String profile) {
        String stem = (project == null || project.isBlank() ? "" : project + "-") + profile;
        return stem.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    public static String manifestNameOf(String dumpName) {
        return dumpName.substring(0, dumpName.length() - DUMP_SUFFIX.length()) + MANIFEST_SUFFIX;
    }

    @JsonIgnore
    public String manifestName() {
        return manifestNameOf(dump);
    }

    @JsonIgnore
    public Instant backupInstant() {
        return backupTime == null ? null : Instant.parse(backupTime);
    }

    /** Same backup, same sanitization: publishing it again would publish the same thing. */
    public boolean sameAs(String otherSource, String otherBackupId, String otherSanitizeHash) {
        return java.util.Objects.equals(source, otherSource) && java.util.Objects.equals(backupId, otherBackupId)
                && java.util.Objects.equals(sanitizeHash, otherSanitizeHash);
    }

    public byte[] toJson() {
        return Json.writePretty(this).getBytes(StandardCharsets.UTF_8);
    }

    /** The object metadata of a published dump (S3 user metadata: short ASCII values). */
    public static Map<String, String> metadata(String source, String backupId, String backupTime, String sanitizeHash,
                                               String pluginVersion) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("dbrestore-source", ascii(source));
        m.put("dbrestore-backup-id", ascii(backupId));
        m.put("dbrestore-backup-time", ascii(backupTime));
        m.put("dbrestore-sanitize-hash", ascii(sanitizeHash));
        m.put("dbrestore-plugin-version", ascii(pluginVersion));
        m.put("dbrestore-sanitized", "true");
        return m;
    }

    private static String ascii(String value) {
        return value == null ? "" : value.replaceAll("[^\\x20-\\x7e]", "_");
    }

    public static PublishedManifest parse(byte[] json, String where) {
        try {
            PublishedManifest m = Json.MAPPER.readValue(json, PublishedManifest.class);
            if (m.formatVersion() < 1 || m.dump() == null || m.sha256() == null) {
                throw new IOException("not a dbrestore publish manifest");
            }
            return m;
        } catch (IOException e) {
            throw new UserError("The manifest " + where + " cannot be read: " + e.getMessage());
        }
    }
}
