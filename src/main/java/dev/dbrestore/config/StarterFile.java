package dev.dbrestore.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A minimal, commented restore-profiles.yml that works as written: what {@code mvn dbrestore:init}
 * writes, what the "does not exist" and "is empty" messages print (a user of the released plugin has
 * no example file), and what a one-off {@code -Ddbrestore.file=…} restore runs with.
 */
public final class StarterFile {
    /** The profile of a one-off {@code -Ddbrestore.file=…} restore, and of the starter file for a file source. */
    public static final String FILE_PROFILE = "local";
    /** The starter file's source when none is given. */
    public static final String DEFAULT_FILE = "~/Downloads/*.dump";

    private StarterFile() {
    }

    /** The project name for {project}: the pom's artifactId or the folder's name, made a safe name part. */
    public static String projectName(String artifactIdOrNull, Path folder) {
        String raw = artifactIdOrNull != null && !artifactIdOrNull.isBlank() ? artifactIdOrNull
                : folder == null || folder.getFileName() == null ? "myapp" : folder.getFileName().toString();
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** With a file (or glob) source: the newest match is restored. */
    public static String forFile(String project, String file) {
        return header(project)
                + "  " + FILE_PROFILE + ":                         # mvn dbrestore:restore (the only profile needs no -Dprofile)\n"
                + "    source:\n"
                + "      file: " + quoted(file) + "   # a path or glob; the newest match by modification time\n"
                + footer();
    }

    /** With a Heroku Postgres source: the newest successful backup, API key from HEROKU_API_KEY or ~/.netrc. */
    public static String forHeroku(String project, String app) {
        return header(project)
                + "  prod:                          # mvn dbrestore:restore (the only profile needs no -Dprofile)\n"
                + "    sensitive: true               # refuses to finish without sanitization\n"
                + "    source:\n"
                + "      heroku: " + quoted(app) + "     # API key: HEROKU_API_KEY, else ~/.netrc (machine api.heroku.com)\n"
                + "    sanitize:                     # SQL files run in the copy before it gets its name\n"
                + "      - sql/anonymize.sql\n"
                + footer();
    }

    private static String header(String project) {
        return "# restore-profiles.yml: where backups come from and how copies are named (dbrestore-maven-plugin)\n"
                + "version: 1\n"
                + "project: " + project + "                   # {project} in the copy's name\n"
                + "naming: \"" + Defaults.NAMING + "\"\n"
                + "profiles:\n";
    }

    private static String footer() {
        return "# where copies go: libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD and ~/.pgpass, or\n"
                + "# target: { url: \"postgres://user:${env:DB_PASSWORD}@localhost:5432/postgres\" }\n";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
