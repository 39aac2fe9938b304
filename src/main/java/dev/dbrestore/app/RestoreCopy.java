package dev.dbrestore.app;

import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CachingSource;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.DownloadCache;
import dev.dbrestore.lifecycle.OfflineSource;
import dev.dbrestore.lifecycle.EnvFile;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.lifecycle.TemplateCache;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.naming.NamePattern;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.engine.CopyRowHook;
import dev.dbrestore.sanitize.CopyRowMask;
import dev.dbrestore.sanitize.SanitizeStep;
import dev.dbrestore.sanitize.StreamMasking;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Times;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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

    private final Context ctx;
    private final Progress log;

    public RestoreCopy(Context ctx) {
        this.ctx = ctx;
        this.log = ctx.progress();
    }

    /** Restores the backup the options choose into its copy; see the class comment for the guarantees. */
    public RestoreResult run(ConfigFile config, RunOptions options, RunReport report) {
        return new Run(config, options, report).restore();
    }

    /** One restore: what the configuration, the options and the source decided, and the steps in order. */
    private final class Run {
        private final ConfigFile config;
        private final RunOptions options;
        private final RunReport report;
        private final Profile profile;
        private final Settings settings;
        private final boolean sanitize;
        /** The leak scan's summary for the provenance; null until sanitization ran. */
        private String leakScan;
        private final BackupSource source;
        private final Backup backup;

        Run(ConfigFile config, RunOptions options, RunReport report) {
            this.config = config;
            this.options = options;
            this.report = report;
            this.profile = config.profile(options.profile());
            report.profile = profile.name();
            this.settings = config.effectiveSettings(profile);
            this.sanitize = decideSanitize();
            this.source = withDownloadCache(ctx.sources().apply(profile.source()));
            this.backup = BackupSources.pick(source, options.backup());
        }

        RestoreResult restore() {
            BackupSources.announce(source, backup, report, log);
            ConnectionSettings server = ctx.connections().resolve(settings.target(),
                    ctx.connections().isEmbedded(settings.target()) ? DumpLoader.serverMajor(source, backup) : -1);
            DatabaseName wanted = targetName();
            DatabaseName finalName;
            try (PgAdmin admin = PgAdmin.connect(server)) {
                log.info("Target: " + wanted + " on " + server);
                CopyTarget.Choice target;
                try {
                    target = new CopyTarget(admin, ctx.prompter(), log).choose(wanted, decideOnExists(), options.force());
                } catch (UserError e) {
                    if (!options.dryRun()) {
                        throw e;
                    }
                    // batch mode against an existing copy: say what the real run would do instead of failing
                    log.info("Dry run: nothing was created or changed. The restore would stop here: " + e.getMessage());
                    report.finish("dry-run", e.getMessage());
                    return result(server, wanted, true);
                }
                finalName = target.name();
                report.target = RunReport.map("database", finalName.value(), "server", server.toString(),
                        "replaces", target.replace() ? finalName.value() : null);
                if (options.dryRun()) {
                    logPlan(admin, target);
                    report.finish("dry-run", null);
                    return result(server, finalName, true);
                }
                restoreInto(admin, finalName, target.replace());
            }
            RestoreResult result = result(server, finalName, false);
            exportEnvFile(result);
            if (Boolean.TRUE.equals(settings.autoPrune())) {
                autoPrune(finalName);
            } else if (options.keep() != null || options.olderThan() != null) {
                log.warn("keep/olderThan were given, but this profile has no autoPrune: true, so this restore drops"
                        + " nothing; run the prune goal (mvn dbrestore:prune) to apply them.");
            }
            report.finish("succeeded", null);
            return result;
        }

        /** Staging database → restore (or a clone of the template) → sanitize → provenance → swap into place. */
        private void restoreInto(PgAdmin admin, DatabaseName finalName, boolean replace) {
            DatabaseName staging = finalName.staging();
            StagingGuard.dropLeftover(admin, staging.value(), log);
            try (StagingGuard guard = new StagingGuard(admin.server(), staging.value(), log)) {
                Templates templates = new Templates(admin);
                Provenance provenance = templates.cloneInto(staging, finalName);
                if (provenance == null) {
                    createStaging(admin, staging, finalName);
                    StreamMasking masking = sanitize ? ctx.sanitizer().streamMasking(admin.server(), staging.value(),
                            profile, settings, config.baseDir(), log) : null;
                    String engine = new DumpLoader(log).load(source, backup,
                            DumpLoader.request(admin.server(), staging.value(), profile, settings, options)
                                    .withCopyRows(masking == null ? null : maskingHook(masking)),
                            DumpLoader.engineName(options, settings), report);
                    String hash = sanitize ? sanitizeStaging(admin.server(), staging, masking) : null;
                    provenance = new Provenance(Provenance.FORMAT_VERSION, Provenance.COPY, config.project(),
                            profile.name(), source.describe(), backup.id(),
                            backup.createdAt() == null ? null : backup.createdAt().toString(), backup.size(),
                            Instant.now().toString(), hash != null, hash, engine,
                            report.dump == null ? null : (String) report.dump.get("pgDumpVersion"))
                            .withLeakScan(leakScan);
                    Optional<String> published = source.publishedSanitizeHash(backup);
                    if (published.isPresent()) {
                        provenance = provenance.asPublished(published.get());
                    }
                    templates.keep(staging, provenance);
                }
                admin.comment(staging.value(), provenance.toJson());
                new Swap(admin, log).intoPlace(staging, finalName, replace);
                guard.disarm();
                log.info("Restored " + finalName + " (" + Bytes.format(sizeOf(admin, finalName)) + ")"
                        + (provenance.sanitized() ? ", sanitized" : ""));
            } catch (RuntimeException | Error e) {
                // any Throwable, an OutOfMemoryError too: nothing half-restored stays behind
                keepOrDropFailed(admin, staging, finalName, e);
                throw e;
            }
        }

        /** An empty staging database, marked at once. */
        private void createStaging(PgAdmin admin, DatabaseName staging, DatabaseName finalName) {
            admin.create(staging.value());
            markStaging(admin, staging, finalName);
        }

        /** The staging mark: prune tells a dead run's leftover from a live one by its age and its target's lock. */
        private void markStaging(PgAdmin admin, DatabaseName staging, DatabaseName finalName) {
            admin.comment(staging.value(), Provenance.staging(config.project(), profile.name(), source.describe(),
                    backup.id(), backup.createdAt() == null ? null : backup.createdAt().toString(), finalName.value(),
                    Instant.now()).toJson());
        }

        /** Mask rules the native engine applies to the COPY rows as they stream to the server. */
        private static CopyRowHook maskingHook(StreamMasking masking) {
            return (schema, table, columns, charset) -> {
                CopyRowMask mask = masking.forTable(schema, table, columns, charset);
                return mask == null ? null : mask::rewrite;
            };
        }

        /**
         * Runs the profile's sanitization on the staging copy; returns the sanitize hash the provenance
         * records, and keeps the leak scan's summary for it.
         */
        private String sanitizeStaging(ConnectionSettings server, DatabaseName staging, StreamMasking streamed) {
            long t0 = System.currentTimeMillis();
            leakScan = ctx.sanitizer().run(server, staging.value(), profile, settings, config.baseDir(), report, log, streamed);
            report.step("sanitize", System.currentTimeMillis() - t0, null, null);
            return ctx.sanitizer().hash(profile, settings, config.baseDir());
        }

        private void keepOrDropFailed(PgAdmin admin, DatabaseName staging, DatabaseName finalName, Throwable cause) {
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

        // ---- caches and autoPrune (see dev.dbrestore.lifecycle) ---------------------------------

        private boolean useCache(String kind) {
            return !Boolean.FALSE.equals(options.cache()) && settings.cache() != null && settings.cache().contains(kind);
        }

        /**
         * A command's output and a live database's dump are another each run: no cache can serve them again,
         * so neither the download cache nor the template cache keeps them.
         */
        private boolean sourceHasIdentity() {
            return !(profile.source() instanceof SourceSpec.Command || profile.source() instanceof SourceSpec.Database);
        }

        /** {@code cache: download} keeps remote dumps on the local disk; a file is local already. */
        private BackupSource withDownloadCache(BackupSource plain) {
            if (plain instanceof OfflineSource offline) { // mvn -o: the cache is the only place its backups are read from
                return offline.cache() == null ? plain : new CachingSource(plain, offline.cache(), log, profile.sensitive());
            }
            boolean remote = !(profile.source() instanceof SourceSpec.File) && sourceHasIdentity();
            return remote && useCache("download")
                    ? new CachingSource(plain, DownloadCache.of(options), log, profile.sensitive())
                    : plain;
        }

        /** {@code cache: template}: a finished copy kept as a template, so the same backup and sanitization again is a clone. */
        private final class Templates {
            private final PgAdmin admin;
            private final TemplateCache cache;
            private final String key;

            Templates(PgAdmin admin) {
                this.admin = admin;
                this.cache = useCache("template") && sourceHasIdentity() ? new TemplateCache(admin, log) : null;
                this.key = cache == null ? null : TemplateCache.key(source.describe(), backup,
                        sanitize ? ctx.sanitizer().hash(profile, settings, config.baseDir()) : null,
                        profile.excludeTableData());
            }

            /** The staging database cloned from the template of this backup and sanitization, marked; null to restore in full. */
            Provenance cloneInto(DatabaseName staging, DatabaseName finalName) {
                if (cache == null) {
                    return null;
                }
                Optional<CopyCatalog.Copy> template = cache.find(key);
                if (template.isEmpty()) {
                    log.info("Template cache: no template of this backup and sanitization yet; restoring in full");
                    return null;
                }
                long t0 = System.currentTimeMillis();
                Provenance cloned = cache.cloneInto(template.get(), staging.value()).orElse(null);
                if (cloned != null) {
                    markStaging(admin, staging, finalName); // a clone carries no comment of its own
                    long ms = System.currentTimeMillis() - t0;
                    report.step("clone", ms, null, template.get().name());
                    log.info("Cloned " + staging + " from the template " + template.get().name() + " in "
                            + Bytes.duration(ms) + " (template cache: same backup, same sanitization; nothing downloaded or restored)");
                }
                return cloned;
            }

            /** Keeps the finished copy as a template; the cache is an optimisation, so a failure only warns. */
            void keep(DatabaseName staging, Provenance provenance) {
                if (cache == null) {
                    return;
                }
                DatabaseName name = TemplateCache.name(provenance.project(), provenance.profile(), key);
                try {
                    if (cache.keep(staging.value(), provenance, key, name)) {
                        log.info("Kept this backup as the template " + name + ": restoring it again is a clone (cache: template)");
                    }
                } catch (RuntimeException e) {
                    if (!admin.exists(staging.value())) {
                        throw e;
                    }
                    log.warn("Could not keep a template of this backup: " + e.getMessage());
                }
            }
        }

        /** {@code autoPrune: true}: the prune goal for this profile, sparing the copy just made; a failure only warns. */
        private void autoPrune(DatabaseName restored) {
            try {
                new PruneCopies(ctx.connections(), log, Clock.systemUTC())
                        .run(config, options.withDatabase(null).withForce(false), restored.value(), report);
            } catch (RuntimeException e) {
                log.warn("autoPrune failed (the restore itself succeeded): " + e.getMessage());
            }
        }

        private void exportEnvFile(RestoreResult result) {
            if (settings.envFile() == null || settings.envFile().isBlank()) {
                return;
            }
            Path file = config.baseDir().resolve(settings.envFile());
            try {
                if (result.embeddedPassword() != null) {
                    // the embedded server's generated password is known nowhere else: the file becomes owner-only
                    new EnvFile(file).setPrivately("DATABASE_URL", result.urlWithPassword());
                    log.info("Updated DATABASE_URL (with the embedded server's password; the file is now 0600) in " + file);
                } else {
                    new EnvFile(file).set("DATABASE_URL", result.url());
                    log.info("Updated DATABASE_URL in " + file);
                }
            } catch (IOException e) {
                log.warn("Could not update " + file + ": " + e.getMessage());
            }
        }

        // ---- decisions ------------------------------------------------------------------------

        private boolean decideSanitize() {
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

        private DatabaseName targetName() {
            if (options.database() != null && !options.database().isBlank()) {
                return DatabaseName.explicit(options.database());
            }
            NamePattern pattern = new NamePattern(settings.naming());
            return pattern.render(new NamePattern.Values(config.project(), profile.name(), source.app(),
                    namingTime(), Instant.now(), backup.id(), ctx.zone()));
        }

        /**
         * The time {@code {date}} names the copy after: the dump's own creation time from its archive
         * header (custom, tar, directory) whatever the source, so a dump copied, downloaded or
         * uploaded today is still named after the day pg_dump made it; the header is read without
         * downloading the dump ({@link DumpHead}: a ranged read of its first bytes). The source's
         * time (the file's mtime, S3's LastModified, Heroku's, Last-Modified) only where the dump has
         * none (plain SQL) or the source cannot read a head on its own (a command); a published dump
         * is named after the backup it was made from (its manifest).
         * The log says which.
         */
        private Instant namingTime() {
            if (source.publishedSanitizeHash(backup).isPresent()) {
                // a published dump was made by the publish run: its header holds that time, not the backup's
                log.info("Named after " + source.timeMeaning() + ", " + Times.show(backup.createdAt()));
                return backup.createdAt();
            }
            Optional<ProbedDump> head;
            try {
                head = DumpHead.read(source, backup);
            } catch (UserError e) {
                log.warn("Could not read the archive header of " + backup.id() + " to name the copy: " + e.getMessage());
                head = Optional.empty();
            }
            LocalDateTime made = head.map(ProbedDump::header).map(h -> h.createdAt()).orElse(null);
            if (made != null) {
                log.info("Named after the dump's creation time in its archive header, " + made.toString().replace('T', ' ')
                        + " (pg_dump's clock), not " + source.timeMeaning());
                return made.atZone(ctx.zone()).toInstant();
            }
            String why = head.isPresent() ? "the dump records no creation time"
                    : "the dump's header is not read from this source before the restore";
            log.info("Named after " + source.timeMeaning() + ", " + Times.show(backup.createdAt()) + " (" + why + ")");
            return backup.createdAt();
        }

        private OnExists decideOnExists() {
            OnExists chosen = options.onExists() != null ? options.onExists()
                    : settings.onExists() != null ? settings.onExists()
                    : options.interactive() ? OnExists.PROMPT : OnExists.FAIL;
            return chosen == OnExists.PROMPT && !options.interactive() ? OnExists.FAIL : chosen;
        }

        /**
         * The dry run's plan: every step of the real run, and every database and file it would create,
         * change or drop (issue 17 item 7); autoPrune's part is prune's own dry-run table.
         */
        private void logPlan(PgAdmin admin, CopyTarget.Choice target) {
            DatabaseName finalName = target.name();
            List<String> steps = new ArrayList<>();
            Templates templates = new Templates(admin);
            Optional<CopyCatalog.Copy> template = templates.cache == null ? Optional.empty() : templates.cache.find(templates.key);
            if (template.isPresent()) {
                steps.add("create " + finalName.staging() + " as a clone of the template " + template.get().name()
                        + " (cache: template; nothing downloaded or restored)");
            } else {
                if (source instanceof CachingSource) {
                    steps.add("read the backup through the download cache in " + DownloadCache.of(options).dir()
                            + " (cache: download: a file <key>.dump and its .json written there if not yet cached)");
                }
                steps.add("create the database " + finalName.staging() + " and restore the backup into it (engine: "
                        + (options.engine() != null ? options.engine() : settings.engine()) + ")");
                if (sanitize) {
                    steps.add("sanitize it: " + profile.sanitize().size() + " SQL file(s), " + profile.mask().size()
                            + " mask rule(s), " + profile.verify().size() + " verify quer(y/ies)");
                }
                if (templates.cache != null) {
                    steps.add("keep it as the template database " + TemplateCache.name(config.project(), profile.name(),
                            templates.key) + " (cache: template) and clone it into " + finalName.staging());
                }
            }
            steps.add("write its provenance comment and rename it to " + finalName
                    + (target.replace() ? ", replacing the existing " + finalName + " (renamed to " + finalName.replaced()
                    + ", then dropped)" : ""));
            if (settings.envFile() != null && !settings.envFile().isBlank()) {
                steps.add("set DATABASE_URL in " + config.baseDir().resolve(settings.envFile()));
            }
            if (Boolean.TRUE.equals(settings.autoPrune())) {
                steps.add("prune the profile (autoPrune), sparing " + finalName + "; prune's dry run follows");
            }
            steps.add("write " + (options.reportDir() == null ? "report.json" : options.reportDir().resolve("report.json"))
                    + " and report-restore.json beside it");
            log.info("Dry run: nothing was created or changed. The restore would:");
            for (int i = 0; i < steps.size(); i++) {
                log.info("  " + (i + 1) + ". " + steps.get(i));
            }
            if (Boolean.TRUE.equals(settings.autoPrune())) {
                new PruneCopies(ctx.connections(), log, Clock.systemUTC())
                        .run(config, options.withDatabase(null).withForce(false).withDryRun(true), finalName.value(),
                                report);
            }
        }

        private RestoreResult result(ConnectionSettings server, DatabaseName name, boolean dryRun) {
            return new RestoreResult(name.value(), server.url(name.value()), server.jdbcUrl(name.value()), server.user(),
                    backup, dryRun, ctx.connections().isEmbedded(settings.target()) ? server.password() : null);
        }
    }

    private static long sizeOf(PgAdmin admin, DatabaseName name) {
        return admin.databases().stream().filter(d -> d.name().equals(name.value()))
                .mapToLong(PgAdmin.DatabaseInfo::sizeBytes).findFirst().orElse(0);
    }
}
