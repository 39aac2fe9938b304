package dev.dbrestore.app;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.engine.RestoreEngine;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.MeteredInputStream;
import dev.dbrestore.support.ProcessCpu;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.RestoreMeter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams one backup into the staging database: opens it, tells its format from its first bytes,
 * picks the engine and lets it restore, reporting progress while the bytes flow. The source is
 * read once, without a temporary file.
 */
final class DumpLoader {
    /** How often a long restore reports progress. */
    static final long PROGRESS_INTERVAL_MILLIS = 5000;

    private final Progress log;

    DumpLoader(Progress log) {
        this.log = log;
    }

    /**
     * Restores {@code backup} as {@code request} says (its {@code dump} is filled in here, once probed) with the
     * engine named {@code engineName}; returns the engine's name for the provenance.
     */
    /** The request to restore {@code profile}'s backup into the empty {@code database}, as the options and settings say. */
    static RestoreRequest request(ConnectionSettings server, String database, Profile profile, Settings settings,
                                  RunOptions options) {
        return new RestoreRequest(null, server, database, profile.excludeTableData(),
                !Boolean.FALSE.equals(settings.createMissingRoles()), pgBin(options, settings), options.effectiveJobs(),
                false, Boolean.TRUE.equals(settings.keepSubscriptions()));
    }

    /** The PostgreSQL client tools' folder: -Ddbrestore.pgBin, else {@code pgBin:}, else null (PATH). */
    static Path pgBin(RunOptions options, Settings settings) {
        return options.pgBin() != null ? options.pgBin() : settings.pgBin() == null ? null : Path.of(settings.pgBin());
    }

    /** -Ddbrestore.engine, else {@code engine:}. */
    static String engineName(RunOptions options, Settings settings) {
        return options.engine() != null ? options.engine() : settings.engine();
    }

    /**
     * The major version of the server that made {@code backup} (archives: their header; plain dumps: the
     * "Dumped from database version" comment), or -1 if the dump does not say. Opens the backup a first
     * time and reads only its header (an embedded server of that version must run before the restore).
     */
    static int serverMajor(BackupSource source, Backup backup) {
        try (DumpInput input = source.open(backup)) {
            ProbedDump dump = input.directory() != null ? DumpProbe.probe(input.directory())
                    : DumpProbe.probe(input.stream(), backup.id());
            try (java.io.InputStream stream = dump.stream()) {
                if (dump.header() != null) {
                    return dump.header().serverMajor();
                }
                return stream == null ? -1 : DumpProbe.plainServerMajor(stream);
            }
        } catch (DbRestoreException e) {
            throw e;
        } catch (IOException e) {
            throw new Fault("Could not read the dump's header: " + e.getMessage(), e);
        }
    }

    String load(BackupSource source, Backup backup, RestoreRequest request, String engineName, RunReport report) {
        long t0 = System.currentTimeMillis();
        long cpu0 = ProcessCpu.nanos();
        try (DumpInput input = source.open(backup)) {
            // Counts only: the meter tells the bytes with what the engine has done, on one line.
            MeteredInputStream metered = input.directory() != null ? null
                    : new MeteredInputStream(input.stream(), "Restoring", backup.size(), Progress.silent(), Long.MAX_VALUE / 2_000_000);
            ProbedDump dump = metered == null ? DumpProbe.probe(input.directory())
                    : DumpProbe.probe(metered, backup.id()).readableFrom(input.file());
            RestoreMeter meter = new RestoreMeter(metered == null ? () -> 0 : metered::count, backup.size());
            report.dump = DumpDescription.of(dump);
            log.info("Dump: " + DumpDescription.summary(dump));
            RestoreEngine engine = Engines.select(engineName, dump);
            log.info("Restoring into " + request.database() + " with the " + engine.name() + " engine");
            try (AutoCloseable ticking = meter.report(log, PROGRESS_INTERVAL_MILLIS)) {
                engine.restore(request.withDump(dump).withMeter(meter), log);
            }
            input.finish();
            long ms = System.currentTimeMillis() - t0;
            String cpu = ProcessCpu.describeSince(cpu0);
            report.step("restore", ms, null, engine.name() + (metered == null ? "" : ", " + meter.bytesRead() + " bytes read")
                    + cpu);
            log.info("Restore finished in " + Bytes.duration(ms)
                    + (metered == null ? "" : ", " + Bytes.format(meter.bytesRead()) + " read")
                    + (dump.toc() == null ? "" : ", " + dump.toc().tableCount() + " tables") + cpu);
            return engine.name();
        } catch (DbRestoreException e) {
            throw e;
        } catch (IOException e) {
            throw new Fault("Reading the backup failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new Fault("The restore failed: " + e.getMessage(), e);
        }
    }
}
