package dev.dbrestore.db;

import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libpq's connection service file: {@code [name]} sections of {@code keyword=value} lines,
 * {@code #} comments. A service is looked for in the user's file ({@code PGSERVICEFILE}, else
 * {@code ~/.pg_service.conf}) and then in {@code $PGSYSCONFDIR/pg_service.conf}, as libpq does.
 *
 * <p>Not pgjdbc's {@code PgServiceConfParser}: that one reads only the JVM's own environment and
 * drops a whole service that uses a libpq keyword it does not know ({@code connect_timeout},
 * {@code application_name}) with no more than a log line; here such a keyword is passed on, and one
 * dbrestore cannot pass on is an error that names it.
 */
final class PgServiceFile {
    private static final List<String> CONNECTION_KEYWORDS = List.of("host", "port", "dbname", "user", "password");

    private PgServiceFile() {
    }

    /** The keywords of {@code service}, by libpq name; a service found in no file is an error, as in libpq. */
    static Map<String, String> lookup(String service, Map<String, String> env, Path home) {
        List<Path> files = new ArrayList<>();
        String userFile = env.get("PGSERVICEFILE");
        files.add(userFile != null && !userFile.isBlank() ? Path.of(userFile) : home.resolve(".pg_service.conf"));
        String sysconf = env.get("PGSYSCONFDIR");
        if (sysconf != null && !sysconf.isBlank()) {
            files.add(Path.of(sysconf, "pg_service.conf"));
        }
        for (Path file : files) {
            Optional<Map<String, String>> found = read(file, service);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new UserError("The pg_service.conf service '" + service + "' is defined in none of " + files
                + " (PGSERVICEFILE and PGSYSCONFDIR name other files).");
    }

    private static Optional<Map<String, String>> read(Path file, String service) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("Cannot read the service file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> keywords = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (keywords != null) {
                    break;
                }
                if (line.equals("[" + service + "]")) {
                    keywords = new LinkedHashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw syntaxError(file, i);
            }
            if (keywords != null) {
                String keyword = line.substring(0, eq).strip();
                keywords.put(checkedKeyword(keyword, file, i, service), line.substring(eq + 1).strip());
            }
        }
        return Optional.ofNullable(keywords);
    }

    private static String checkedKeyword(String keyword, Path file, int index, String service) {
        if (keyword.equals("service")) {
            throw new UserError("The service file " + file + " line " + (index + 1) + ": a service ('" + service
                    + "') cannot name another service.");
        }
        if (!CONNECTION_KEYWORDS.contains(keyword) && ConnectionParameter.byLibpqName(keyword).isEmpty()) {
            throw new UserError("The service file " + file + " line " + (index + 1) + " sets '" + keyword
                    + "' in service '" + service + "', which dbrestore does not pass on; it knows "
                    + String.join(", ", CONNECTION_KEYWORDS) + ", " + ConnectionParameter.names() + ".");
        }
        return keyword;
    }

    private static UserError syntaxError(Path file, int index) {
        return new UserError("Syntax error in the service file " + file + " line " + (index + 1)
                + " (expected [service] or keyword=value).");
    }
}
