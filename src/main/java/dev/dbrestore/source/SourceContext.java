package dev.dbrestore.source;

import dev.dbrestore.source.http.RetryPolicy;
import dev.dbrestore.support.Progress;

import java.nio.file.Path;
import java.util.Map;

/**
 * What sources need from their surroundings, injectable so tests never read the real environment
 * or home folder.
 *
 * @param baseDir folder of the YAML file: relative file paths start there
 * @param dryRun  the goal changes nothing: a source that would change something to pick its backup
 *                (a Heroku capture) only says what it would do
 * @param pgBin   the folder of the PostgreSQL client tools ({@code pgBin:}), or null for PATH
 */
public record SourceContext(Map<String, String> environment, Path home, Path baseDir, Credentials credentials,
                            Progress progress, RetryPolicy retry, boolean dryRun, Path pgBin) {

    /** A context for a run that may change things, with the client tools on PATH. */
    public SourceContext(Map<String, String> environment, Path home, Path baseDir, Credentials credentials,
                         Progress progress, RetryPolicy retry) {
        this(environment, home, baseDir, credentials, progress, retry, false, null);
    }

    public SourceContext withDryRun(boolean value) {
        return new SourceContext(environment, home, baseDir, credentials, progress, retry, value, pgBin);
    }

    public SourceContext withPgBin(Path value) {
        return new SourceContext(environment, home, baseDir, credentials, progress, retry, dryRun, value);
    }
}
