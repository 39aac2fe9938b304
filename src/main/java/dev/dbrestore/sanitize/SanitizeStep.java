package dev.dbrestore.sanitize;

import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.support.Progress;

import java.nio.file.Path;

/** The sanitization a restore runs on its staging database before the rename. */
public interface SanitizeStep {

    /** True when the profile has anything to run (sanitize files, mask rules, verify queries). */
    boolean hasWork(Profile profile);

    /** Hash of the sanitize files' contents, the rules, the hash salt and the PII check mode, recorded in the provenance. */
    String hash(Profile profile, Settings settings, Path baseDir);

    /**
     * Runs sanitization, masking, the leak scan, verification and the PII check; throws on failure.
     * Returns the leak scan's one-line summary for the provenance ({@code clean (…)}, {@code 1 leak(s) (…)}, {@code off}).
     */
    String run(ConnectionSettings server, String database, Profile profile, Settings settings, Path baseDir,
             RunReport report, Progress progress);

    /**
     * The mask rules that can run on the rows while they load into {@code database} (native engine),
     * or null when none can; pass it to {@link #run(ConnectionSettings, String, Profile, Settings, Path,
     * RunReport, Progress, StreamMasking)} after the load.
     */
    default StreamMasking streamMasking(ConnectionSettings server, String database, Profile profile, Settings settings,
                                        Path baseDir, Progress progress) {
        return null;
    }

    /** As {@link #run}, leaving out the column rules {@code streamed} (may be null) applied while the rows loaded. */
    default String run(ConnectionSettings server, String database, Profile profile, Settings settings, Path baseDir,
                       RunReport report, Progress progress, StreamMasking streamed) {
        return run(server, database, profile, settings, baseDir, report, progress);
    }
}
