package dev.dbrestore.lifecycle;

import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases prune must never drop, each with the reason: the one {@code DATABASE_URL} in the
 * environment points at, the one the {@code envFile} points at, and any the caller adds (the copy
 * a restore just made). Matched by database name alone, whatever host the URL names: erring
 * towards keeping. URLs are never logged (they may hold a password), only the names.
 */
public final class ProtectedDatabases {
    private static final Pattern URL = Pattern.compile("^(?:jdbc:)?postgres(?:ql)?://[^/?#]*/([^?#]+)");
    private static final Pattern KEYWORD = Pattern.compile("(?:^|\\s)dbname\\s*=\\s*'?([^'\\s]+)'?");

    private final Map<String, String> reasons = new LinkedHashMap<>();

    /**
     * From {@code DATABASE_URL} in {@code environment} and in {@code envFile} (null when none is
     * configured; a configured file that does not exist yet protects nothing). Fails closed: an
     * env file that exists but cannot be read is a {@link UserError} naming it, because the copy
     * it points at would otherwise lose its protection.
     */
    public static ProtectedDatabases of(Map<String, String> environment, Path envFile) {
        ProtectedDatabases p = new ProtectedDatabases();
        databaseOf(environment.get("DATABASE_URL")).ifPresent(db -> p.add(db, "DATABASE_URL points at it"));
        if (envFile != null) {
            try {
                databaseOf(new EnvFile(envFile).get("DATABASE_URL"))
                        .ifPresent(db -> p.add(db, "DATABASE_URL in " + envFile.getFileName() + " points at it"));
            } catch (IOException e) {
                throw new UserError("Cannot read the env file " + envFile + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "), so the copy its DATABASE_URL "
                        + "points at cannot be protected; nothing was dropped. Fix the file (readable, UTF-8) or "
                        + "remove envFile: from the configuration.");
            }
        }
        return p;
    }

    public ProtectedDatabases add(String database, String reason) {
        reasons.putIfAbsent(database, reason);
        return this;
    }

    /** Why {@code database} must be kept, or empty when nothing protects it. */
    public Optional<String> reason(String database) {
        return Optional.ofNullable(reasons.get(database));
    }

    /** The database a {@code postgres://…}, {@code jdbc:postgresql://…} or {@code dbname=…} string names. */
    static Optional<String> databaseOf(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        Matcher m = URL.matcher(url.trim());
        if (!m.find()) {
            m = KEYWORD.matcher(url);
            if (!m.find()) {
                return Optional.empty();
            }
        }
        // a "+" in a URL path is itself, not a space
        return Optional.of(URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
    }
}
