package dev.dbrestore.engine.pgrestore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sorts what pg_restore or psql printed on standard error into known harmless noise (reported as
 * warnings) and real errors (which fail the run), so that neither real errors are hidden nor a
 * restore fails on noise.
 */
public final class ErrorClassifier {

    /** Errors that do not affect the restored data. Each pattern says why it is harmless. */
    private static final List<Pattern> HARMLESS = List.of(
            // --no-owner restores as a non-owner: the built-in extension stays as it is
            Pattern.compile("must be owner of extension plpgsql"),
            Pattern.compile("must be owner of schema public"),
            // the target database already has the default schema
            Pattern.compile("schema \"public\" already exists"),
            Pattern.compile("extension \"plpgsql\" already exists"),
            // newer pg_restore sets parameters an older server does not know
            Pattern.compile("unrecognized configuration parameter \"transaction_timeout\""),
            // planner statistics from pg_dump 18 --statistics; an older server rebuilds them with ANALYZE
            Pattern.compile("function pg_catalog\\.pg_restore_(relation|attribute)_stats\\(.*\\) does not exist"));

    private static final Pattern ERROR_START = Pattern.compile("^(pg_restore: error: |psql:[^:]*:\\d+: ERROR:|pg_restore: \\[archiver.*\\] |psql: error: )");

    private static final Pattern INSERT_COMMAND = Pattern.compile("Command was: INSERT INTO\\s", Pattern.CASE_INSENSITIVE);

    /** One problem: the error line plus its context (TOC entry, "Command was:"). */
    public record Problem(String text, boolean harmless) {
    }

    public record Result(List<Problem> errors, List<Problem> harmless, List<String> warnings) {
        public boolean failed() {
            return !errors.isEmpty();
        }
    }

    public static Result classify(List<String> stderr) {
        List<Problem> errors = new ArrayList<>();
        List<Problem> harmless = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String context = null;
        StringBuilder current = null;
        boolean inInsert = false; // the lines of an INSERT's text after "Command was:" hold its rows: not kept
        for (String line : stderr) {
            if (inInsert && current != null && !ERROR_START.matcher(line).find() && !line.startsWith("pg_restore: ")
                    && !line.startsWith("psql:") && !line.startsWith("WARNING:") && !line.isBlank()) {
                continue;
            }
            inInsert = false;
            if (line.startsWith("pg_restore: from TOC entry")) {
                flush(current, errors, harmless);
                current = null;
                context = line.substring("pg_restore: ".length());
            } else if (ERROR_START.matcher(line).find()) {
                flush(current, errors, harmless);
                current = new StringBuilder(line);
                if (context != null) {
                    current.append(" (").append(context).append(')');
                    context = null;
                }
            } else if (current != null && (line.startsWith("Command was:") || line.startsWith("LINE ")
                    || line.startsWith("DETAIL:") || line.startsWith("HINT:") || line.startsWith("CONTEXT:"))) {
                current.append('\n').append(line);
                inInsert = INSERT_COMMAND.matcher(line).lookingAt();
            } else if (line.startsWith("pg_restore: warning: errors ignored on restore")
                    || line.startsWith("pg_restore: while PROCESSING TOC") || line.isBlank()) {
                flush(current, errors, harmless);
                current = null;
            } else if (line.startsWith("pg_restore: warning:") || line.startsWith("psql:") || line.startsWith("WARNING:")) {
                flush(current, errors, harmless);
                current = null;
                warnings.add(line);
            } else if (current != null) {
                current.append('\n').append(line);
            } else {
                warnings.add(line);
            }
        }
        flush(current, errors, harmless);
        return new Result(errors, harmless, warnings);
    }

    private static void flush(StringBuilder current, List<Problem> errors, List<Problem> harmless) {
        if (current == null) {
            return;
        }
        String text = current.toString();
        boolean isHarmless = HARMLESS.stream().anyMatch(p -> p.matcher(text).find());
        (isHarmless ? harmless : errors).add(new Problem(text, isHarmless));
    }
}
