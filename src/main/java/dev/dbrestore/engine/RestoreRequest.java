package dev.dbrestore.engine;

import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.support.RestoreMeter;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything an engine needs to apply one dump to one (empty, staging) database.
 *
 * @param dump               the probed dump (format, header, TOC, stream or directory)
 * @param server             the target server
 * @param database           the staging database to restore into; it exists and is empty
 * @param excludeTableData   tables (as {@code name} or {@code schema.name}) whose rows are skipped
 * @param createMissingRoles create roles named by RLS policies as NOLOGIN roles first
 * @param pgBin              folder of the PostgreSQL client binaries, or null for PATH
 * @param jobs               parallel connections the engine may use
 * @param lenient            collect errors and report them at the end instead of stopping at the first
 * @param keepSubscriptions  restore the dump's subscriptions (disabled, as pg_dump writes them); by
 *                           default they are skipped, like {@code pg_restore --no-subscriptions}: a
 *                           development copy must not hold a subscription that can reach production
 * @param copyRows           rewrites COPY rows on their way to the server (masking in the stream), or
 *                           null; only the native engine applies it
 * @param meter              where the engine counts what it has done, for the progress line
 */
public record RestoreRequest(ProbedDump dump, ConnectionSettings server, String database,
                             List<String> excludeTableData, boolean createMissingRoles, Path pgBin,
                             int jobs, boolean lenient, boolean keepSubscriptions, CopyRowHook copyRows,
                             RestoreMeter meter) {

    public RestoreRequest(ProbedDump dump, ConnectionSettings server, String database, List<String> excludeTableData,
                          boolean createMissingRoles, Path pgBin, int jobs, boolean lenient, boolean keepSubscriptions) {
        this(dump, server, database, excludeTableData, createMissingRoles, pgBin, jobs, lenient, keepSubscriptions,
                null, RestoreMeter.unwatched());
    }

    /** A request that skips the dump's subscriptions. */
    public RestoreRequest(ProbedDump dump, ConnectionSettings server, String database, List<String> excludeTableData,
                          boolean createMissingRoles, Path pgBin, int jobs, boolean lenient) {
        this(dump, server, database, excludeTableData, createMissingRoles, pgBin, jobs, lenient, false);
    }

    /** The same request for {@code probed}, once the dump's first bytes have told what it is. */
    public RestoreRequest withDump(ProbedDump probed) {
        return new RestoreRequest(probed, server, database, excludeTableData, createMissingRoles, pgBin, jobs, lenient,
                keepSubscriptions, copyRows, meter);
    }

    /** The same request with COPY rows rewritten by {@code hook} (null: as they are). */
    public RestoreRequest withCopyRows(CopyRowHook hook) {
        return new RestoreRequest(dump, server, database, excludeTableData, createMissingRoles, pgBin, jobs, lenient,
                keepSubscriptions, hook, meter);
    }

    /** The same request counting into {@code restoreMeter}. */
    public RestoreRequest withMeter(RestoreMeter restoreMeter) {
        return new RestoreRequest(dump, server, database, excludeTableData, createMissingRoles, pgBin, jobs, lenient,
                keepSubscriptions, copyRows, restoreMeter);
    }
}
