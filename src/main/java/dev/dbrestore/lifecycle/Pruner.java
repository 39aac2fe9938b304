package dev.dbrestore.lifecycle;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code prune} goal (and {@code autoPrune} after a restore). For one profile it drops the
 * restored copies beyond the {@link RetentionPolicy}, all but the newest template-cache database,
 * and the staging/failed/replaced databases of runs that died; it also trims the download cache.
 *
 * <p>What it will not do, whatever the policy says (DESIGN.md guarantee 4): drop a database
 * without our provenance comment; drop the database {@code DATABASE_URL} or the {@code envFile}
 * points at; drop one with open connections unless forced; drop one whose advisory lock a live
 * restore holds (its target's name, see {@code RestorePipeline}); drop a leftover younger than an
 * hour. {@code -Ddbrestore.database=NAME} drops exactly that database, under the same rules.
 */
public final class Pruner {
    /** A leftover younger than this may belong to a restore still running on another machine. */
    public static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private final Progress log;
    private final Clock clock;

    /** What to prune. {@code project} and {@code profile} select the databases (by their provenance). */
    public record Request(String project, String profile, RetentionPolicy policy, ProtectedDatabases protect,
                          String database, boolean force, boolean dryRun, DownloadCache downloads,
                          String databaseReason) {
        /** @param database the one database to drop; the table's WHY says it was named by -Ddbrestore.database */
        public Request(String project, String profile, RetentionPolicy policy, ProtectedDatabases protect,
                       String database, boolean force, boolean dryRun, DownloadCache downloads) {
            this(project, profile, policy, protect, database, force, dryRun, downloads, "named by -Ddbrestore.database");
        }
    }

    public enum Action { KEPT, DROPPED, WOULD_DROP, SKIPPED }

    /** One database looked at, and what happened to it and why. */
    public record Row(String database, String kind, String backupTime, long sizeBytes, Action action, String reason) {
    }

    /** Every database looked at, the space freed (or that would be, in a dry run), and the download cache trim. */
    public record Result(List<Row> rows, long freedBytes, boolean dryRun, DownloadCache.Trim cacheTrim) {
        public List<String> dropped() {
            return rows.stream().filter(r -> r.action() == Action.DROPPED || r.action() == Action.WOULD_DROP)
                    .map(Row::database).toList();
        }
    }

    public Pruner(Progress log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Prunes as {@code request} says, on a server connection the caller holds. */
    public Result prune(PgAdmin admin, Request request) {
        if (request.database() != null) {
            return pruneExactly(admin, request);
        }
        if (request.policy().isEmpty()) {
            log.info("No retention policy for profile " + request.profile() + " (prune: { keep: N } or olderThan: 30d "
                    + "in restore-profiles.yml, or -Ddbrestore.keep=N): every copy is kept");
        }
        Run run = new Run(admin, request);
        Instant now = clock.instant();

        List<CopyCatalog.Copy> copies = ours(CopyCatalog.copies(admin, request.profile()), request);
        Map<CopyCatalog.Copy, String> drop = request.policy().toDrop(copies, now);
        for (CopyCatalog.Copy copy : copies) {
            if (drop.containsKey(copy)) {
                run.drop(copy, drop.get(copy), copy.name());
            } else {
                run.keep(copy, request.policy().isEmpty() ? "no retention policy" : "within the retention policy");
            }
        }

        List<CopyCatalog.Copy> templates = ours(CopyCatalog.templates(admin, request.profile()), request);
        for (int i = 0; i < templates.size(); i++) {
            CopyCatalog.Copy template = templates.get(i);
            if (i == 0) {
                run.keep(template, "newest template");
            } else {
                run.drop(template, "an older template", template.name());
            }
        }

        for (CopyCatalog.Copy leftover : ours(CopyCatalog.leftovers(admin, request.profile()), request)) {
            if (run.putBackLoneReplaced(leftover)) {
                continue;
            }
            Instant since = leftoverSince(leftover.provenance());
            if (since.isAfter(now.minus(LEFTOVER_AGE))) {
                run.keep(leftover, "may belong to a running restore (" + age(since, now) + " old)");
            } else {
                run.drop(leftover, "left by a run that stopped (" + age(since, now) + " old)", lockKeyOf(leftover));
            }
        }

        DownloadCache.Trim trim = request.downloads() == null ? null : request.downloads().trim(request.dryRun());
        return new Result(run.rows, run.freed, request.dryRun(), trim);
    }

    /** {@code -Ddbrestore.database=NAME}: that database and nothing else, only if it is ours and free. */
    private Result pruneExactly(PgAdmin admin, Request request) {
        String name = request.database();
        Optional<CopyCatalog.Copy> found = CopyCatalog.find(admin, name);
        if (found.isEmpty()) {
            if (admin.exists(name)) {
                throw new UserError("Database " + name + " was not made by dbrestore (it has no dbrestore provenance "
                        + "comment): prune never drops it.");
            }
            log.info("Database " + name + " does not exist: nothing to drop");
            return new Result(List.of(), 0, request.dryRun(), null);
        }
        CopyCatalog.Copy copy = found.get();
        Run run = new Run(admin, request);
        String lockKey = DatabaseName.isStagingOrFailed(name) ? lockKeyOf(copy) : name;
        Row row = run.drop(copy, request.databaseReason(), lockKey);
        if (row.action() == Action.SKIPPED) {
            throw new UserError("Not dropping " + name + ": " + row.reason() + ".");
        }
        return new Result(run.rows, run.freed, request.dryRun(), null);
    }

    /** One prune's rows and the space it freed. */
    private final class Run {
        private final PgAdmin admin;
        private final Request request;
        private final List<Row> rows = new ArrayList<>();
        private long freed;

        Run(PgAdmin admin, Request request) {
            this.admin = admin;
            this.request = request;
        }

        /**
         * A {@code __replaced} copy whose own name is gone (an overwrite that stopped between its two
         * renames, before they became one transaction) is the only copy of that name: it goes back
         * under its name instead of being dropped.
         */
        boolean putBackLoneReplaced(CopyCatalog.Copy leftover) {
            if (!DatabaseName.isReplaced(leftover.name())) {
                return false;
            }
            String name = lockKeyOf(leftover);
            if (admin.exists(name)) {
                return false;
            }
            if (request.dryRun()) {
                rows.add(row(leftover, Action.KEPT, "would be renamed back to " + name + ", which is missing"));
                return true;
            }
            if (!admin.tryLock(name)) {
                rows.add(row(leftover, Action.SKIPPED, "a dbrestore run is using " + name + " right now"));
                return true;
            }
            try {
                admin.rename(leftover.name(), name);
            } finally {
                admin.unlock(name);
            }
            rows.add(row(leftover, Action.KEPT, "renamed back to " + name + ", which was missing"));
            log.warn("Renamed " + leftover.name() + " back to " + name + ": it was the only copy of that name");
            return true;
        }

        void keep(CopyCatalog.Copy copy, String reason) {
            rows.add(row(copy, Action.KEPT, reason));
        }

        /** Drops {@code copy} unless something protects it, holding {@code lockKey} so no restore is mid-way. */
        Row drop(CopyCatalog.Copy copy, String reason, String lockKey) {
            Optional<String> protectedBy = request.protect().reason(copy.name());
            if (protectedBy.isPresent()) {
                return add(row(copy, Action.SKIPPED, protectedBy.get()));
            }
            if (copy.connections() > 0 && !request.force()) {
                return add(row(copy, Action.SKIPPED, copy.connections() + " open connection(s); "
                        + "-Ddbrestore.force=true drops it anyway"));
            }
            if (request.dryRun()) {
                freed += copy.sizeBytes();
                return add(row(copy, Action.WOULD_DROP, reason));
            }
            if (!admin.tryLock(lockKey)) {
                return add(row(copy, Action.SKIPPED, "a dbrestore run is using it right now"));
            }
            try {
                if (request.force()) {
                    admin.dropForce(copy.name());
                } else if (!admin.dropIfUnused(copy.name())) {
                    return add(row(copy, Action.SKIPPED, "somebody connected to it just now"));
                }
            } finally {
                admin.unlock(lockKey);
            }
            freed += copy.sizeBytes();
            return add(row(copy, Action.DROPPED, reason));
        }

        private Row add(Row row) {
            rows.add(row);
            return row;
        }

        private Row row(CopyCatalog.Copy copy, Action action, String reason) {
            Provenance p = copy.provenance();
            return new Row(copy.name(), p.kind() == null ? Provenance.COPY : p.kind(), p.backupTime(), copy.sizeBytes(),
                    action, reason);
        }
    }

    /** Databases of this project only: two projects on one server may share a profile name. */
    private static List<CopyCatalog.Copy> ours(List<CopyCatalog.Copy> all, Request request) {
        return all.stream().filter(c -> Objects.equals(c.provenance().project(), request.project())).toList();
    }

    /** When a leftover's run began: a staging mark says so; otherwise the restore time (older, so erring old is harmless under the lock). */
    private static Instant leftoverSince(Provenance p) {
        Instant started = CopyCatalog.instant(p.startedAt());
        return started != Instant.MIN ? started : CopyCatalog.instant(p.restoredAt());
    }

    /** The name whose advisory lock a run working on this leftover holds: its target. */
    private static String lockKeyOf(CopyCatalog.Copy leftover) {
        String target = leftover.provenance().target();
        return target != null ? target : DatabaseName.stemOf(leftover.name());
    }

    private static String age(Instant since, Instant now) {
        if (since == Instant.MIN) {
            return "unknown age";
        }
        Duration d = Duration.between(since, now);
        return d.toHours() >= 48 ? d.toDays() + " d" : d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

}
