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
 */
public record SourceContext(Map<String, String> environment, Path home, Path baseDir, Credentials credentials,
                            Progress progress, RetryPolicy retry) {
}
