package dev.dbrestore.app;

import dev.dbrestore.config.PublishSpec;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.engine.pgrestore.PgDump;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.PublishDestination;
import dev.dbrestore.source.PublishedSource;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.command.CommandSource;
import dev.dbrestore.source.database.DatabaseSource;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.source.file.FolderDestination;
import dev.dbrestore.source.heroku.HerokuSource;
import dev.dbrestore.source.s3.S3Destination;
import dev.dbrestore.source.s3.S3Source;
import dev.dbrestore.source.url.UrlSource;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Times;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InputStream;

/** Turns a profile's {@code source:} into the source that lists and opens its backups. */
public final class BackupSources {
    private BackupSources() {
    }

    public static BackupSource create(SourceSpec spec, SourceContext ctx) {
        if (spec instanceof SourceSpec.File f) {
            return new PublishedSource(new FileSource(f.path(), ctx.baseDir(), ctx.home()), ctx.progress());
        }
        if (spec instanceof SourceSpec.Url u) {
            return new UrlSource(u.url(), u.headers(), ctx);
        }
        if (spec instanceof SourceSpec.Command c) {
            return new CommandSource(c.command(), ctx.baseDir());
        }
        if (spec instanceof SourceSpec.Heroku h) {
            return new HerokuSource(h, ctx);
        }
        if (spec instanceof SourceSpec.S3 s) {
            return new PublishedSource(new S3Source(s, ctx), ctx.progress());
        }
        if (spec instanceof SourceSpec.Database d) {
            return new DatabaseSource(d, ctx, (serverVersion, what) -> pgDump(PgDump.find(ctx.pgBin(), serverVersion,
                    "The database: source", what)));
        }
        throw new UserError("The " + spec.describe() + " source is not available in this build");
    }

    /** {@code pg_dump -Fc} as the database: source's input: its output streamed, its exit status checked at the end. */
    private static DatabaseSource.PgDumpTool pgDump(PgDump pgDump) {
        return (server, database, options) -> {
            PgDump.Running running = pgDump.start(server, database, options);
            return new DumpInput() {
                @Override public InputStream stream() { return running.stdout(); }
                @Override public void finish() { running.finish(); }
                @Override public void close() { running.close(); }
            };
        };
    }

    /** The backup {@code requested} (an id), else the source's newest usable one. */
    static Backup pick(BackupSource source, String requested) {
        try {
            return source.pick(requested);
        } catch (IOException e) {
            throw new Fault("Could not list the backups of " + source.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Puts the chosen backup into the report and the log. */
    static void announce(BackupSource source, Backup backup, RunReport report, Progress log) {
        report.backup = RunReport.map("source", source.describe(), "id", backup.id(),
                "createdAt", backup.createdAt() == null ? null : backup.createdAt().toString(), "size", backup.size());
        log.info("Backup: " + backup.id() + " from " + source.describe() + ", taken " + Times.show(backup.createdAt())
                + (backup.size() == null ? "" : ", " + Bytes.format(backup.size())));
    }

    /** Turns a profile's {@code publish:} into the folder or S3 prefix the publish goal writes to. */
    public static PublishDestination destination(PublishSpec spec, SourceContext ctx) {
        return spec.s3() != null ? new S3Destination(spec.s3(), ctx)
                : new FolderDestination(spec.file(), ctx.baseDir(), ctx.home());
    }
}
