package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.lifecycle.InPlaceSanitizer;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs a profile's sanitization and verification against an existing copy (default: the newest
 * one restored for the profile, or {@code -Ddbrestore.database=NAME}) and records it in the copy's
 * provenance.
 */
@Mojo(name = "sanitize", requiresProject = false, threadSafe = true)
public class SanitizeMojo extends AbstractDbRestoreMojo {

    @Override
    protected String goal() {
        return "sanitize";
    }

    @Override
    protected void run(RunOptions options) {
        RunReport report = new RunReport(goal(), options.profile());
        try {
            ConfigFile config = loadConfig(options);
            new InPlaceSanitizer(new Sanitizer(), Services.connections(options), progress).run(config, options, report);
        } catch (RuntimeException e) {
            report.finish("failed", e.getMessage());
            throw e;
        } finally {
            Services.writeReport(report, options, progress);
        }
    }
}
