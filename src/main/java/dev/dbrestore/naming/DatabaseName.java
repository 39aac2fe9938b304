package dev.dbrestore.naming;

import dev.dbrestore.support.Sha256;
import dev.dbrestore.support.UserError;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A database name that is safe to use: lower-case, only {@code [a-z0-9_]}, at most 63 bytes (the
 * PostgreSQL identifier limit, beyond which the server would silently truncate and two names
 * could collide). The names of the staging and failed copies derive from it.
 */
public record DatabaseName(String value) {
    public static final int MAX_BYTES = 63;
    private static final String STAGING_SUFFIX = "__restoring";
    private static final String FAILED_SUFFIX = "__failed";
    private static final String REPLACED_SUFFIX = "__replaced";
    private static final String TEMPLATE_INFIX = "__tpl_";
    private static final String PUBLISH_INFIX = "__publish_";

    public DatabaseName {
        if (value == null || value.isEmpty()) {
            throw new UserError("The database name is empty; check the naming pattern");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new UserError("The database name '" + value + "' is " + value.getBytes(StandardCharsets.UTF_8).length
                    + " bytes long; PostgreSQL allows at most " + MAX_BYTES
                    + ". Shorten the naming pattern (e.g. a shorter project or profile name, or {date:yyMMdd}).");
        }
    }

    /** Lower-cases and replaces every character outside {@code [a-z0-9_]} with {@code _}. */
    public static DatabaseName normalize(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            out.append(ok ? c : '_');
        }
        return new DatabaseName(out.toString());
    }

    /** An explicitly requested name (-Ddbrestore.database): used as written, but still length-checked. */
    public static DatabaseName explicit(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new UserError("A database name cannot contain a NUL character");
        }
        return new DatabaseName(name);
    }

    /** {@code <name>__restoring}, shortened with a hash when the result would be too long. */
    public DatabaseName staging() {
        return derived(STAGING_SUFFIX);
    }

    /** {@code <name>__failed}, kept after a failed sanitization when {@code keepFailed: true}. */
    public DatabaseName failed() {
        return derived(FAILED_SUFFIX);
    }

    /** {@code <name>__replaced}: the old copy for the moment of an overwrite swap. */
    public DatabaseName replaced() {
        return derived(REPLACED_SUFFIX);
    }

    /**
     * {@code <name>__tpl_<key>}: the template-cache database of {@code <name>} (e.g. {@code acme_prod})
     * holding the data identified by {@code shortKey}; shortened with a hash like the staging name.
     */
    public DatabaseName template(String shortKey) {
        return derived(TEMPLATE_INFIX + shortKey);
    }

    /** {@code <name>_2}, {@code <name>_3}, ... for {@code onExists: suffix}. */
    public DatabaseName withSuffix(int n) {
        return new DatabaseName(value + "_" + n);
    }

    private DatabaseName derived(String suffix) {
        String candidate = value + suffix;
        if (candidate.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return new DatabaseName(candidate);
        }
        String hash = shortHash(value);
        int room = MAX_BYTES - suffix.length() - hash.length() - 1;
        return new DatabaseName(truncateBytes(value, room) + "_" + hash + suffix);
    }

    /** Whether {@code name} is an old copy moved aside by an overwrite ({@code …__replaced}). */
    public static boolean isReplaced(String name) {
        return name.endsWith(REPLACED_SUFFIX);
    }

    /**
     * The scratch database of a {@code publish} run, {@code <project>_<profile>__publish_<random>}: a name no
     * naming pattern produces, so no developer copy is ever mistaken for it.
     */
    public static DatabaseName publishScratch(String project, String profile, String random) {
        String suffix = PUBLISH_INFIX + random;
        String stem = normalize((project == null || project.isBlank() ? "" : project + "_") + profile).value();
        return new DatabaseName(truncateBytes(stem, MAX_BYTES - suffix.length()) + suffix);
    }

    public static boolean isStagingOrFailed(String name) {
        return name.endsWith(STAGING_SUFFIX) || name.endsWith(FAILED_SUFFIX) || name.endsWith(REPLACED_SUFFIX);
    }

    /**
     * The name a staging, failed or replaced database was derived from, by removing the suffix; for a
     * name that had to be shortened this is the shortened stem, not the original name.
     */
    public static String stemOf(String leftover) {
        for (String suffix : new String[]{STAGING_SUFFIX, FAILED_SUFFIX, REPLACED_SUFFIX}) {
            if (leftover.endsWith(suffix)) {
                return leftover.substring(0, leftover.length() - suffix.length());
            }
        }
        return leftover;
    }

    private static String truncateBytes(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String shortHash(String s) {
        return HexFormat.of().formatHex(Sha256.of(s), 0, 4);
    }

    @Override
    public String toString() {
        return value;
    }
}
