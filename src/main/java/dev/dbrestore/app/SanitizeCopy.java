package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.SanitizeStep;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.time.Instant;
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
        try (PgAdmin admin = PgAdmin.connect(server)) {
            CopyCatalog.Copy copy = choose(admin, profile, options);
            if (!admin.tryLock(copy.name())) {
                throw new UserError("A dbrestore run is working on " + copy.name() + " right now (a restore or a "
                        + "sanitize). Wait for it to finish.");
            }
            log.info("Sanitizing " + copy.name() + " on " + server + " with profile " + profile.name());
            if (options.dryRun()) {
                log.info("Dry run: nothing was changed");
                report.finish("dry-run", null);
                return copy.name();
            }
            String hash = sanitizeInClone(admin, server, copy, config, profile, settings, report);
            log.info("Sanitized " + copy.name() + "; its provenance now records sanitize hash " + hash.substring(0, 12));
            report.target = RunReport.map("database", copy.name(), "server", server.toString());
            report.finish("succeeded", null);
            return copy.name();
        }
    }

    /**
     * Sanitizes a clone of the copy and swaps it into place, so a failure leaves the copy as it was
     * rather than half-sanitized under a usable name. The clone needs the copy free of sessions.
     */
    private String sanitizeInClone(PgAdmin admin, ConnectionSettings server, CopyCatalog.Copy copy, ConfigFile config,
                                   Profile profile, Settings settings, RunReport report) {
        if (copy.connections() > 0) {
            throw new UserError(copy.name() + " has " + copy.connections() + " open connection(s). Sanitizing works on "
                    + "a clone that then replaces it, so close them (your app, psql, IDE) and run again.");
        }
        DatabaseName name = DatabaseName.explicit(copy.name());
        DatabaseName staging = name.staging();
        StagingGuard.dropLeftover(admin, staging.value(), log);
        try (StagingGuard guard = new StagingGuard(server, staging.value(), log)) {
            admin.createFromTemplate(staging.value(), copy.name(), admin.supportsCreateStrategy());
            Provenance p = copy.provenance();
            admin.comment(staging.value(), Provenance.staging(p.project(), p.profile(), p.source(), p.backupId(),
                    p.backupTime(), copy.name(), Instant.now()).toJson());
            long t0 = System.currentTimeMillis();
            String leakScan = sanitizer.run(server, staging.value(), profile, settings, config.baseDir(), report, log);
            report.step("sanitize", System.currentTimeMillis() - t0, null, null);
            String hash = sanitizer.hash(profile, settings, config.baseDir());
            admin.comment(staging.value(), p.withSanitized(true, hash).withLeakScan(leakScan).toJson());
            new Swap(admin, log).intoPlace(staging, name, true);
            guard.disarm();
            return hash;
        } catch (RuntimeException | Error e) {
            try {
                admin.dropForce(staging.value());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
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
