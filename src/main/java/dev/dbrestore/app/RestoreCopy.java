package dev.dbrestore.app;

import dev.dbrestore.engine.RestoreRequest;

import dev.dbrestore.engine.RestoreEngine;

import dev.dbrestore.sanitize.SanitizeStep;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CachingSource;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.DownloadCache;
import dev.dbrestore.lifecycle.EnvFile;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.lifecycle.TemplateCache;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.naming.NamePattern;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.MeteredInputStream;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole {@code restore}: pick the backup, name the copy, create a staging database, stream
 * the dump into it, sanitize and verify, then rename it to its final name. Guarantees (DESIGN.md):
 * an existing database is replaced only when asked, and only after the new copy is complete; on
 * any failure or Ctrl-C the staging database is dropped, so no half-restored or unsanitized data
 * is ever left under a usable name.
 */
public final class RestoreCopy {

    /** What the pipeline needs from its surroundings; the goals and the tests provide it. */
    public record Context(Progress progress, Prompter prompter, Function<SourceSpec, BackupSource> sources,
                          ConnectionResolver connections, SanitizeStep sanitizer, ZoneId zone) {
    }

    /** How often a long restore reports progress. */
    static final long PROGRESS_INTERVAL_MILLIS = 5000;

    private final Context ctx;
    private final Progress log;

    public RestoreCopy(Context ctx) {
        this.ctx = ctx;
        this.log = ctx.progress();
    }

    public RestoreResult run(ConfigFile config, RunOptions options, RunReport report) {
        Profile profile = config.profile(options.profile());
        report.profile = profile.name();
        Settings settings = config.effectiveSettings(profile);
        boolean sanitize = decideSanitize(profile, options);

        BackupSource source = withDownloadCache(ctx.sources().apply(profile.source()), profile, settings, options);
        Backup backup = pickBackup(source, options);
        report.backup = RunReport.map("source", source.describe(), "id", backup.id(),
                "createdAt", backup.createdAt() == null ? null : backup.createdAt().toString(), "size", backup.size());

        DatabaseName finalName = targetName(config, profile, settings, options, source, backup);
        ConnectionSettings server = ctx.connections().resolve(settings.target());
        log.info("Backup: " + backup.id() + " from " + source.describe() + ", taken " + backup.createdAt()
                + (backup.size() == null ? "" : ", " + Bytes.format(backup.size())));

        try (PgAdmin admin = PgAdmin.connect(server)) {
            if (!admin.tryLock(finalName.value())) {
                throw new UserError("Another dbrestore run is restoring " + finalName + " on " + server
                        + " right now. Wait for it to finish, or restore under another name (-Ddbrestore.database=...).");
            }
            log.info("Target: " + finalName + " on " + server);
            OnExists onExists = decideOnExists(settings, options);
            Resolution resolution = resolveExisting(admin, finalName, onExists);
            if (resolution.replace) {
                log.info(finalName + " exists and will be replaced once the new copy is complete (onExists: overwrite)");
            } else if (!resolution.name.equals(finalName)) {
                log.info(finalName + " exists; restoring beside it as " + resolution.name + " (onExists: suffix)");
            }
            if (!resolution.name.equals(finalName) && !admin.tryLock(resolution.name.value())) {
                throw new UserError("Another dbrestore run is restoring " + resolution.name + " on " + server
                        + " right now. Wait for it to finish, or restore under another name (-Ddbrestore.database=...).");
            }
            finalName = resolution.name;
            report.target = RunReport.map("database", finalName.value(), "server", server.toString(),
                    "replaces", resolution.replace ? finalName.value() : null);

            if (options.dryRun()) {
                logPlan(profile, settings, sanitize, finalName, resolution);
                report.finish("dry-run", null);
                return result(server, finalName, backup, true);
            }
            restoreInto(admin, server, config, profile, settings, options, sanitize, source, backup, finalName,
                    resolution.replace, report);
        }
        RestoreResult result = result(server, finalName, backup, false);
        exportEnvFile(config, settings, result);
        if (Boolean.TRUE.equals(settings.autoPrune())) {
            autoPrune(config, options, finalName);
        }
        report.finish("succeeded", null);
        return result;
    }

    private void restoreInto(PgAdmin admin, ConnectionSettings server, ConfigFile config, Profile profile,
                             Settings settings, RunOptions options, boolean sanitize, BackupSource source,
                             Backup backup, DatabaseName finalName, boolean replace, RunReport report) {
        DatabaseName staging = finalName.staging();
        if (admin.exists(staging.value())) {
            // we hold the lock for this name, so a staging copy can only be a leftover of a crashed run
            log.warn("Dropping " + staging + ", left behind by an interrupted run");
            admin.dropForce(staging.value());
        }
        TemplateCache templates = useCache(settings, options, "template") ? new TemplateCache(admin, log) : null;
        String templateKey = templates == null ? null : TemplateCache.key(source.describe(), backup,
                sanitize ? ctx.sanitizer().hash(profile, settings, config.baseDir()) : null, profile.excludeTableData());
        Provenance cloned = templates == null ? null : cloneFromTemplate(templates, templateKey, staging, report);
        if (cloned == null) {
            admin.create(staging.value());
            // marked at once: prune tells a dead run's leftover from a live one by this mark's age and target lock
            admin.comment(staging.value(), Provenance.staging(config.project(), profile.name(), source.describe(),
                    backup.id(), backup.createdAt() == null ? null : backup.createdAt().toString(), finalName.value(),
                    Instant.now()).toJson());
        }
        try (StagingGuard guard = new StagingGuard(server, staging.value(), log)) {
            Provenance provenance = cloned;
            if (provenance == null) {
                String engineName = restoreDump(server, staging, settings, options, profile, source, backup, report);
                String hash = null;
                if (sanitize) {
                    long t0 = System.currentTimeMillis();
                    ctx.sanitizer().run(server, staging.value(), profile, settings, config.file().getParent(), report, log);
                    hash = ctx.sanitizer().hash(profile, settings, config.file().getParent());
                    report.step("sanitize", System.currentTimeMillis() - t0, null, null);
                }
                provenance = new Provenance(Provenance.FORMAT_VERSION, "copy", config.project(), profile.name(),
                        source.describe(), backup.id(), backup.createdAt() == null ? null : backup.createdAt().toString(),
                        backup.size(), Instant.now().toString(), sanitize && hash != null, hash, engineName,
                        report.dump == null ? null : (String) report.dump.get("pgDumpVersion"));
                if (templates != null) {
                    keepAsTemplate(admin, templates, templateKey, staging, provenance);
                }
            }
            admin.comment(staging.value(), provenance.toJson());
            swapIntoPlace(admin, staging, finalName, replace);
            guard.disarm();
            log.info("Restored " + finalName + " (" + Bytes.format(sizeOf(admin, finalName)) + ")"
                    + (provenance.sanitized() ? ", sanitized" : ""));
        } catch (RuntimeException e) {
            keepOrDropFailed(admin, staging, finalName, settings, e);
            throw e;
        }
    }

    private String restoreDump(ConnectionSettings server, DatabaseName staging, Settings settings, RunOptions options,
                               Profile profile, BackupSource source, Backup backup, RunReport report) {
        long t0 = System.currentTimeMillis();
        try (DumpInput input = source.open(backup)) {
            MeteredInputStream metered = input.directory() != null ? null
                    : new MeteredInputStream(input.stream(), "Restoring", backup.size(), log, PROGRESS_INTERVAL_MILLIS);
            ProbedDump dump = metered == null ? DumpProbe.probe(input.directory()) : DumpProbe.probe(metered, backup.id());
            report.dump = DumpDescription.of(dump);
            log.info("Dump: " + DumpDescription.summary(dump));
            RestoreEngine engine = Engines.select(options.engine() != null ? options.engine() : settings.engine(), dump);
            Path pgBin = options.pgBin() != null ? options.pgBin()
                    : settings.pgBin() == null ? null : Path.of(settings.pgBin());
            RestoreRequest request = new RestoreRequest(dump, server, staging.value(), profile.excludeTableData(),
                    !Boolean.FALSE.equals(settings.createMissingRoles()), pgBin, options.effectiveJobs(), false);
            log.info("Restoring into " + staging + " with the " + engine.name() + " engine");
            engine.restore(request, log);
            input.finish();
            long ms = System.currentTimeMillis() - t0;
            report.step("restore", ms, null, engine.name() + (metered == null ? "" : ", " + metered.count() + " bytes read"));
            log.info("Restore finished in " + Bytes.duration(ms)
                    + (metered == null ? "" : ", " + Bytes.format(metered.count()) + " read")
                    + (dump.toc() == null ? "" : ", " + dump.toc().tableCount() + " tables"));
            return engine.name();
        } catch (DbRestoreException e) {
            throw e;
        } catch (IOException e) {
            throw new Fault("Reading the backup failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new Fault("The restore failed: " + e.getMessage(), e);
        }
    }

    /** Puts the finished staging copy under its final name; an old copy is dropped only after that. */
    private void swapIntoPlace(PgAdmin admin, DatabaseName staging, DatabaseName finalName, boolean replace) {
        if (!replace || !admin.exists(finalName.value())) {
            admin.rename(staging.value(), finalName.value());
            return;
        }
        DatabaseName old = finalName.replaced();
        admin.dropForce(old.value());
        admin.rename(finalName.value(), old.value());
        try {
            admin.rename(staging.value(), finalName.value());
        } catch (RuntimeException e) {
            admin.rename(old.value(), finalName.value());
            throw e;
        }
        admin.dropForce(old.value());
        log.info("Replaced the previous " + finalName);
    }

    private void keepOrDropFailed(PgAdmin admin, DatabaseName staging, DatabaseName finalName, Settings settings,
                                  RuntimeException cause) {
        try {
            if (!admin.exists(staging.value())) {
                return;
            }
            if (Boolean.TRUE.equals(settings.keepFailed()) && cause instanceof UserError) {
                DatabaseName failed = finalName.failed();
                admin.dropForce(failed.value());
                admin.rename(staging.value(), failed.value());
                log.warn("Kept the failed copy as " + failed + " for inspection (keepFailed: true). It may hold "
                        + "unsanitized data: drop it when done.");
            } else {
                admin.dropForce(staging.value());
                log.info("Dropped the staging database " + staging);
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            log.warn("Could not clean up " + staging + ": " + e.getMessage());
        }
    }

    // ---- lifecycle: caches and autoPrune (see dev.dbrestore.lifecycle) ------------------------

    private static boolean useCache(Settings settings, RunOptions options, String kind) {
        return !Boolean.FALSE.equals(options.cache()) && settings.cache() != null && settings.cache().contains(kind);
    }

    /** {@code cache: download} keeps remote dumps on the local disk; a file is local already, a command's output has no identity. */
    private BackupSource withDownloadCache(BackupSource source, Profile profile, Settings settings, RunOptions options) {
        boolean remote = !(profile.source() instanceof SourceSpec.File || profile.source() instanceof SourceSpec.Command);
        return remote && useCache(settings, options, "download")
                ? new CachingSource(source, DownloadCache.of(options), log) : source;
    }

    /** The staging database cloned from the template of this backup and sanitization; null to restore in full. */
    private Provenance cloneFromTemplate(TemplateCache templates, String key, DatabaseName staging, RunReport report) {
        Optional<CopyCatalog.Copy> template = templates.find(key);
        if (template.isEmpty()) {
            log.info("Template cache: no template of this backup and sanitization yet; restoring in full");
            return null;
        }
        long t0 = System.currentTimeMillis();
        Provenance cloned = templates.cloneInto(template.get(), staging.value()).orElse(null);
        if (cloned != null) {
            long ms = System.currentTimeMillis() - t0;
            report.step("clone", ms, null, template.get().name());
            log.info("Cloned " + staging + " from the template " + template.get().name() + " in " + Bytes.duration(ms)
                    + " (template cache: same backup, same sanitization; nothing downloaded or restored)");
        }
        return cloned;
    }

    /** Keeps the finished copy as a template; the cache is an optimisation, so a failure only warns. */
    private void keepAsTemplate(PgAdmin admin, TemplateCache templates, String key, DatabaseName staging,
                                Provenance provenance) {
        DatabaseName name = TemplateCache.name(provenance.project(), provenance.profile(), key);
        try {
            if (templates.keep(staging.value(), provenance, key, name)) {
                log.info("Kept this backup as the template " + name + ": restoring it again is a clone (cache: template)");
            }
        } catch (RuntimeException e) {
            if (!admin.exists(staging.value())) {
                throw e;
            }
            log.warn("Could not keep a template of this backup: " + e.getMessage());
        }
    }

    /** {@code autoPrune: true}: the prune goal for this profile, sparing the copy just made; a failure only warns. */
    private void autoPrune(ConfigFile config, RunOptions options, DatabaseName restored) {
        try {
            new PruneCopies(ctx.connections(), log, Clock.systemUTC())
                    .run(config, options.withDatabase(null).withForce(false), restored.value());
        } catch (RuntimeException e) {
            log.warn("autoPrune failed (the restore itself succeeded): " + e.getMessage());
        }
    }

    // ---- decisions -----------------------------------------------------------------------------

    private boolean decideSanitize(Profile profile, RunOptions options) {
        boolean wanted = !Boolean.FALSE.equals(options.sanitize());
        if (!wanted && profile.sensitive()) {
            throw new UserError("Profile '" + profile.name() + "' is sensitive: it cannot be restored without "
                    + "sanitization. Remove -Ddbrestore.sanitize=false.");
        }
        boolean hasWork = ctx.sanitizer() != null && ctx.sanitizer().hasWork(profile);
        if (profile.sensitive() && !hasWork) {
            throw new UserError("Profile '" + profile.name() + "' is sensitive but has no sanitize:, mask: or verify: "
                    + "steps. Add them, or remove sensitive: true.");
        }
        if (!wanted && hasWork) {
            log.warn("Sanitization skipped (-Ddbrestore.sanitize=false): the copy holds the backup's data as it is");
        }
        return wanted && hasWork;
    }

    private Backup pickBackup(BackupSource source, RunOptions options) {
        try {
            return source.pick(options.backup());
        } catch (IOException e) {
            throw new Fault("Could not list the backups of " + source.describe() + ": " + e.getMessage(), e);
        }
    }

    private DatabaseName targetName(ConfigFile config, Profile profile, Settings settings, RunOptions options,
                                    BackupSource source, Backup backup) {
        if (options.database() != null && !options.database().isBlank()) {
            return DatabaseName.explicit(options.database());
        }
        NamePattern pattern = new NamePattern(settings.naming());
        return pattern.render(new NamePattern.Values(config.project(), profile.name(), source.app(),
                backup.createdAt(), Instant.now(), backup.id(), ctx.zone()));
    }

    private static OnExists decideOnExists(Settings settings, RunOptions options) {
        OnExists chosen = options.onExists() != null ? options.onExists()
                : settings.onExists() != null ? settings.onExists()
                : options.interactive() ? OnExists.PROMPT : OnExists.FAIL;
        return chosen == OnExists.PROMPT && !options.interactive() ? OnExists.FAIL : chosen;
    }

    private record Resolution(DatabaseName name, boolean replace) {
    }

    private Resolution resolveExisting(PgAdmin admin, DatabaseName name, OnExists onExists) {
        if (!admin.exists(name.value())) {
            return new Resolution(name, false);
        }
        switch (onExists) {
            case OVERWRITE:
                return new Resolution(name, true);
            case SUFFIX:
                for (int n = 2; n < 1000; n++) {
                    DatabaseName candidate = name.withSuffix(n);
                    if (!admin.exists(candidate.value())) {
                        return new Resolution(candidate, false);
                    }
                }
                throw new UserError("Too many copies named " + name + "_N; prune some first");
            case PROMPT:
                if (ctx.prompter().confirm("Database " + name + " already exists. Replace it?")) {
                    return new Resolution(name, true);
                }
                throw new UserError("Database " + name + " already exists and was kept.");
            case FAIL:
            default:
                throw new UserError("Database " + name + " already exists. It was left untouched. Use "
                        + "-Ddbrestore.onExists=overwrite to replace it, -Ddbrestore.onExists=suffix to restore "
                        + "beside it, or -Ddbrestore.database=NAME for another name.");
        }
    }

    private void logPlan(Profile profile, Settings settings, boolean sanitize, DatabaseName finalName, Resolution r) {
        log.info("Dry run: nothing was created or changed. The restore would:");
        log.info("  1. create " + finalName.staging() + " and restore the backup into it (engine: " + settings.engine() + ")");
        if (sanitize) {
            log.info("  2. sanitize it: " + profile.sanitize().size() + " SQL file(s), " + profile.mask().size()
                    + " mask rule(s), " + profile.verify().size() + " verify quer(y/ies)");
        }
        log.info("  " + (sanitize ? 3 : 2) + ". rename it to " + finalName + (r.replace ? ", replacing the existing copy" : ""));
    }

    private RestoreResult result(ConnectionSettings server, DatabaseName name, Backup backup, boolean dryRun) {
        return new RestoreResult(name.value(), server.url(name.value()), server.jdbcUrl(name.value()), server.user(),
                backup, dryRun);
    }

    private void exportEnvFile(ConfigFile config, Settings settings, RestoreResult result) {
        if (settings.envFile() == null || settings.envFile().isBlank()) {
            return;
        }
        Path file = config.file().getParent().resolve(settings.envFile());
        try {
            new EnvFile(file).set("DATABASE_URL", result.url());
            log.info("Updated DATABASE_URL in " + file);
        } catch (IOException e) {
            log.warn("Could not update " + file + ": " + e.getMessage());
        }
    }

    private static long sizeOf(PgAdmin admin, DatabaseName name) {
        return admin.databases().stream().filter(d -> d.name().equals(name.value()))
                .mapToLong(PgAdmin.DatabaseInfo::sizeBytes).findFirst().orElse(0);
    }
}
