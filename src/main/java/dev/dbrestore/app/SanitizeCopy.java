package dev.dbrestore.app;

import dev.dbrestore.lifecycle.CopyCatalog;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.SanitizeStep;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code sanitize} goal: runs a profile's sanitization and verification against a copy that
 * already exists (by default the newest one restored for the profile) and records it in the
 * copy's provenance. Only databases this plugin restored are touched: sanitization is
 * destructive, and a mistyped name must never rewrite somebody's real database.
 */
public final class SanitizeCopy {
    private final SanitizeStep sanitizer;
    private final ConnectionResolver connections;
    private final Progress log;

    public SanitizeCopy(SanitizeStep sanitizer, ConnectionResolver connections, Progress log) {
        this.sanitizer = sanitizer;
        this.connections = connections;
        this.log = log;
    }

    /** Sanitizes the chosen copy; returns its name. */
    public String run(ConfigFile config, RunOptions options, RunReport report) {
        Profile profile = config.profile(options.profile());
        report.profile = profile.name();
        Settings settings = config.effectiveSettings(profile);
        if (!sanitizer.hasWork(profile)) {
            throw new UserError("Profile '" + profile.name() + "' has no sanitize:, mask: or verify: steps to run");
        }
        ConnectionSettings server = connections.resolve(settings.target());
        Path baseDir = config.file().getParent();
        try (PgAdmin admin = PgAdmin.connect(server)) {
            CopyCatalog.Copy copy = choose(admin, profile, options);
            log.info("Sanitizing " + copy.name() + " on " + server + " with profile " + profile.name());
            if (options.dryRun()) {
                log.info("Dry run: nothing was changed");
                report.finish("dry-run", null);
                return copy.name();
            }
            long t0 = System.currentTimeMillis();
            sanitizer.run(server, copy.name(), profile, settings, baseDir, report, log);
            report.step("sanitize", System.currentTimeMillis() - t0, null, null);
            String hash = sanitizer.hash(profile, settings, baseDir);
            admin.comment(copy.name(), copy.provenance().withSanitized(true, hash).toJson());
            log.info("Sanitized " + copy.name() + "; its provenance now records sanitize hash " + hash.substring(0, 12));
            report.target = RunReport.map("database", copy.name(), "server", server.toString());
            report.finish("succeeded", null);
            return copy.name();
        }
    }

    private static CopyCatalog.Copy choose(PgAdmin admin, Profile profile, RunOptions options) {
        if (options.database() != null && !options.database().isBlank()) {
            return CopyCatalog.copies(admin, null).stream().filter(c -> c.name().equals(options.database())).findFirst()
                    .orElseThrow(() -> new UserError("Database " + options.database() + " was not restored by dbrestore "
                            + "(it has no dbrestore provenance comment, or does not exist); sanitize only runs on copies it made"));
        }
        List<CopyCatalog.Copy> copies = CopyCatalog.copies(admin, profile.name()).stream()
                .filter(c -> c.provenance().kind() == null || "copy".equals(c.provenance().kind())).toList();
        if (copies.isEmpty()) {
            throw new UserError("No copy restored for profile '" + profile.name() + "' exists; run dbrestore:restore first "
                    + "or name one with -Ddbrestore.database=NAME");
        }
        return copies.get(0);
    }
}
