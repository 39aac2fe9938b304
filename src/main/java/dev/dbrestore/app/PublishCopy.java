package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.PublishSpec;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.engine.pgrestore.PgDump;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.SanitizeStep;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.PublishDestination;
import dev.dbrestore.source.PublishedManifest;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.MeteredInputStream;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Sha256;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code publish} goal: restore the profile's backup into a scratch database, sanitize and verify
 * it (the PII check failing the run), dump it with {@code pg_dump -Fc} straight into the destination
 * with a manifest beside it, keep the newest {@code publish.keep} there, and drop the scratch
 * database. Guarantees: nothing appears under a published name unless the whole run succeeded (an
 * upload that fails is aborted, a {@code .part} file removed); the scratch database is dropped on
 * any failure, and by a shutdown hook on Ctrl-C; pg_dump is checked before anything is restored.
 */
public final class PublishCopy {

    /** What publishing needs from its surroundings; the goal and the tests provide it. */
    public record Context(Progress progress, Function<SourceSpec, BackupSource> sources,
                          Function<PublishSpec, PublishDestination> destinations, ConnectionResolver connections,
                          SanitizeStep sanitizer, String pluginVersion) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Context ctx;
    private final Progress log;

    public PublishCopy(Context ctx) {
        this.ctx = ctx;
        this.log = ctx.progress();
    }

    public PublishResult run(ConfigFile config, RunOptions options, RunReport report) {
        return new Run(config, options, report).publish();
    }

    /** One publish: what the configuration and the source decided, and the steps in order. */
    private final class Run {
        private final ConfigFile config;
        private final RunOptions options;
        private final RunReport report;
        private final Profile profile;
        private final PublishSpec spec;
        private final Settings settings;
        private final BackupSource source;
        private final Backup backup;
        private final String sanitizeHash;

        Run(ConfigFile config, RunOptions options, RunReport report) {
            this.config = config;
            this.options = options;
            this.report = report;
            this.profile = config.profile(options.profile());
            report.profile = profile.name();
            this.spec = profile.publish();
            if (spec == null) {
                throw new UserError("Profile '" + profile.name() + "' has no publish: block. Add one, e.g. publish: "
                        + "{ s3: { bucket: acme-sanitized, prefix: prod/ }, keep: 7 } or publish: { file: /srv/dumps/acme }");
            }
            if (ctx.sanitizer() == null || !ctx.sanitizer().hasWork(profile)) {
                throw new UserError("Profile '" + profile.name() + "' has no sanitize:, mask: or verify: steps: publish "
                        + "never uploads a dump that was not sanitized and verified. Add them to the profile.");
            }
            if (Boolean.FALSE.equals(options.sanitize())) {
                throw new UserError("publish always sanitizes: remove -Ddbrestore.sanitize=false");
            }
            this.settings = strictPiiCheck(config.effectiveSettings(profile));
            this.sanitizeHash = ctx.sanitizer().hash(profile, settings, config.baseDir());
            this.source = ctx.sources().apply(profile.source());
            this.backup = BackupSources.pick(source, options.backup());
        }

        PublishResult publish() {
            BackupSources.announce(source, backup, report, log);
            ConnectionSettings server = ctx.connections().resolve(settings.target());
            try (PgAdmin admin = PgAdmin.connect(server); PublishDestination destination = ctx.destinations().apply(spec)) {
                PgDump pgDump = PgDump.find(DumpLoader.pgBin(options, settings), admin.serverVersionNum());
                log.info("Publishing to " + destination.describe() + " with " + pgDump.version().text());
                Optional<PublishedManifest> same = alreadyPublished(destination);
                if (same.isPresent() && !options.force()) {
                    log.info("Already published as " + same.get().dump() + " (same backup, same sanitize hash "
                            + same.get().sanitizeHash() + "): nothing to do. -Ddbrestore.force=true publishes it again.");
                    report.finish("unchanged", null);
                    return new PublishResult(destination.describe(), false, same.get());
                }
                if (options.dryRun()) {
                    log.info("Dry run: nothing was created or uploaded. The publish would restore " + backup.id()
                            + " into a scratch database, sanitize and verify it, and upload " + dumpName()
                            + " with its manifest to " + destination.describe());
                    report.finish("dry-run", null);
                    return new PublishResult(destination.describe(), false, null);
                }
                PublishedManifest manifest = inScratch(admin, scratch -> dumpAndUpload(server, scratch, pgDump, destination));
                keepNewest(destination);
                report.finish("succeeded", null);
                return new PublishResult(destination.describe(), true, manifest);
            } catch (IOException e) {
                throw new Fault("Publishing to " + spec.describe() + " failed: " + e.getMessage(), e);
            }
        }

        /** Restores and sanitizes into a fresh scratch database, hands it to {@code use}, and drops it whatever happens. */
        private PublishedManifest inScratch(PgAdmin admin, ScratchUse use) throws IOException {
            String random = HexFormat.of().formatHex(randomBytes());
            DatabaseName scratch = DatabaseName.publishScratch(config.project(), profile.name(), random);
            if (!admin.tryLock(scratch.value())) {
                throw new Fault("Another run holds the lock of " + scratch + "; run the publish again");
            }
            Throwable failure = null;
            try (StagingGuard guard = new StagingGuard(admin.server(), scratch.value(), "scratch database", log)) {
                admin.create(scratch.value());
                admin.comment(scratch.value(), Provenance.publishScratch(config.project(), profile.name(),
                        source.describe(), backup.id(), backupTime(), scratch.value(), Instant.now()).toJson());
                log.info("Scratch database: " + scratch + " (dropped at the end)");
                new DumpLoader(log).load(source, backup, DumpLoader.request(admin.server(), scratch.value(), profile,
                        settings, options), DumpLoader.engineName(options, settings), report);
                long t0 = System.currentTimeMillis();
                ctx.sanitizer().run(admin.server(), scratch.value(), profile, settings, config.baseDir(), report, log);
                report.step("sanitize", System.currentTimeMillis() - t0, null, null);
                return use.apply(scratch.value());
            } catch (RuntimeException | Error | IOException e) {
                // any Throwable, an OutOfMemoryError too: the unsanitized or sanitized scratch copy goes
                failure = e;
                throw e;
            } finally {
                dropScratch(admin, scratch, failure);
                admin.unlock(scratch.value());
            }
        }

        private void dropScratch(PgAdmin admin, DatabaseName scratch, Throwable cause) {
            try {
                if (admin.exists(scratch.value())) {
                    admin.dropForce(scratch.value());
                    log.info("Dropped the scratch database " + scratch);
                }
            } catch (RuntimeException e) {
                if (cause == null) {
                    throw e;
                }
                cause.addSuppressed(e);
                log.warn("Could not drop " + scratch + ": " + e.getMessage() + "; `mvn dbrestore:prune` removes it later");
            }
        }

        /** pg_dump of the scratch database streamed into the destination, then the manifest beside it. */
        private PublishedManifest dumpAndUpload(ConnectionSettings server, String scratch, PgDump pgDump,
                                                PublishDestination destination) throws IOException {
            Map<String, Long> rowCounts;
            try (PgAdmin counting = PgAdmin.connect(server)) {
                rowCounts = counting.rowCounts(scratch);
            }
            String dumpName = dumpName();
            Map<String, String> metadata = PublishedManifest.metadata(source.describe(), backup.id(), backupTime(),
                    sanitizeHash, ctx.pluginVersion());
            MessageDigest sha256 = Sha256.newDigest();
            long size;
            long t0 = System.currentTimeMillis();
            log.info("Dumping " + scratch + " with pg_dump -Fc into " + destination.describe() + dumpName);
            try (PgDump.Running running = pgDump.start(server, scratch);
                 PublishDestination.Upload upload = destination.create(dumpName, metadata)) {
                size = new MeteredInputStream(running.stdout(), "Uploading", null, log, DumpLoader.PROGRESS_INTERVAL_MILLIS)
                        .transferTo(new DigestOutputStream(upload.stream(), sha256));
                running.finish();
                upload.commit();
            }
            report.step("publish", System.currentTimeMillis() - t0, null, dumpName + ", " + size + " bytes");
            PublishedManifest manifest = new PublishedManifest(PublishedManifest.FORMAT_VERSION, dumpName,
                    config.project(), profile.name(), source.describe(), backup.id(), backupTime(), Instant.now().toString(),
                    sanitizeHash, report.sanitize, report.verification, rowCounts, size,
                    HexFormat.of().formatHex(sha256.digest()), pgDump.version().text(), ctx.pluginVersion());
            try {
                destination.put(manifest.manifestName(), manifest.toJson(), metadata);
            } catch (IOException | RuntimeException e) {
                try {
                    destination.delete(dumpName); // a dump without its manifest is not published
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            log.info("Published " + dumpName + " (" + Bytes.format(size) + ", sha256 " + manifest.sha256() + ") and "
                    + manifest.manifestName() + " to " + destination.describe());
            return manifest;
        }

        /** The manifest of a dump of this backup with this sanitization, if one is published already. */
        private Optional<PublishedManifest> alreadyPublished(PublishDestination destination) throws IOException {
            List<String> names = destination.names();
            for (String dump : published(names)) {
                PublishedManifest manifest = PublishedManifest.parse(
                        destination.read(PublishedManifest.manifestNameOf(dump)), dump);
                if (manifest.sameAs(source.describe(), backup.id(), sanitizeHash)) {
                    return Optional.of(manifest);
                }
            }
            return Optional.empty();
        }

        /** {@code publish.keep: N}: the newest N dumps of this profile and their manifests stay; nothing else is touched. */
        private void keepNewest(PublishDestination destination) throws IOException {
            Integer keep = spec.keep();
            if (keep == null) {
                return;
            }
            List<String> ours = published(destination.names());
            for (String old : ours.subList(Math.min(keep, ours.size()), ours.size())) {
                destination.delete(old);
                destination.delete(PublishedManifest.manifestNameOf(old));
                log.info("Removed " + old + " and its manifest (publish.keep: " + keep + ")");
            }
        }

        /** This profile's published dumps (a dump with its manifest beside it), newest backup first. */
        private List<String> published(List<String> names) {
            List<String> out = new ArrayList<>();
            for (String name : names) {
                if (PublishedManifest.isDumpOf(name, config.project(), profile.name())
                        && names.contains(PublishedManifest.manifestNameOf(name))) {
                    out.add(name);
                }
            }
            out.sort(Comparator.reverseOrder());
            return out;
        }

        private String dumpName() {
            return PublishedManifest.baseName(config.project(), profile.name(), backupInstant()) + PublishedManifest.DUMP_SUFFIX;
        }

        private Instant backupInstant() {
            return backup.createdAt() != null ? backup.createdAt() : Instant.now();
        }

        private String backupTime() {
            return backupInstant().toString();
        }

    }

    /** Work done on the scratch database once it is restored and sanitized. */
    @FunctionalInterface
    private interface ScratchUse {
        PublishedManifest apply(String scratch) throws IOException;
    }

    /** A publish fails on personal-looking columns no rule touched: {@code piiCheck} at least {@code fail}. */
    private static Settings strictPiiCheck(Settings settings) {
        if (settings.piiCheck() == PiiCheckMode.STRICT || settings.piiCheck() == PiiCheckMode.FAIL) {
            return settings;
        }
        return settings.overriddenBy(new Settings(null, null, null, null, null, null, null, null, null, null,
                PiiCheckMode.FAIL, null, null, null));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
