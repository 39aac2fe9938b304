package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.support.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable fingerprint of what sanitization does: the SQL files' names and contents in order, the
 * mask rules, the verify queries and safeColumns, plus a version of the masking SQL this code
 * generates. Recorded in the provenance comment and used as part of the template cache key: the
 * same backup sanitized with the same hash gives the same database. Every field is written with
 * its length first, so no two different inputs give the same text to hash.
 */
final class SanitizeHash {
    /** Bump when MaskExpressions changes the SQL it generates for the same rules. */
    private static final String VERSION = "dbrestore-sanitize-2";

    private SanitizeHash() {
    }

    static String of(List<SqlFile> files, Profile profile, Settings settings) {
        Fields fields = new Fields();
        fields.add(VERSION);
        // the salt changes what hash/scramble produce; it goes into a one-way digest, never into the provenance as text
        fields.add("salt").add(settings == null ? null : settings.hashSalt());
        fields.add("piiCheck").add(settings == null ? null : String.valueOf(settings.piiCheck()));
        if (settings != null && settings.leakScan() != null) {
            // a template made without the scan must not stand in for a run that asks for it
            fields.add("leakScan").add(settings.leakScan().name());
        }
        for (SqlFile file : files) {
            fields.add("file").add(file.name()).add(file.text());
        }
        for (MaskRule rule : profile.mask() == null ? List.<MaskRule>of() : profile.mask()) {
            fields.add("mask").add(rule.table()).add(String.valueOf(rule.action())).add(rule.where());
            for (MaskRule.ColumnRule column : rule.columns() == null ? List.<MaskRule.ColumnRule>of() : rule.columns()) {
                fields.add(column.toString()); // records print every component: kind, column, sql or value
            }
        }
        for (String query : profile.verify() == null ? List.<String>of() : profile.verify()) {
            fields.add("verify").add(query);
        }
        Map<String, List<String>> safe = profile.safeColumns() == null ? Map.of() : new TreeMap<>(profile.safeColumns());
        safe.forEach((table, columns) -> fields.add("safe").add(table).add(String.join(",", columns.stream().sorted().toList())));
        return fields.sha256();
    }

    private static final class Fields {
        private final StringBuilder text = new StringBuilder();

        Fields add(String value) {
            String v = value == null ? "\u0000null" : value;
            text.append(v.length()).append(':').append(v).append('\n');
            return this;
        }

        String sha256() {
            return Sha256.hexOf(text.toString());
        }
    }
}
