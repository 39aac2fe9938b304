package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs a profile's sanitization and verification against an existing copy (default: the newest
 * one restored for the profile, or {@code -Ddbrestore.database=NAME}) and records it in the copy's
 * provenance.
 */
@Mojo(name = "sanitize", requiresProject = false, threadSafe = true)
public class SanitizeMojo extends AbstractCopyMojo {

    @Override
    protected String goal() {
        return "sanitize";
    }

    @Override
    protected void run(RunOptions options) {
        withReport(options, report -> useCases(options).sanitize()
                .run(loadConfig(options), options, report));
    }
}
