package dev.dbrestore.source;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.command.CommandSource;
import dev.dbrestore.source.file.FileSource;
import dev.dbrestore.source.heroku.HerokuSource;
import dev.dbrestore.source.s3.S3Source;
import dev.dbrestore.source.url.UrlSource;
import dev.dbrestore.support.Progress;

/** Makes the {@link BackupSource} a profile's {@code source:} describes. Nothing is contacted yet. */
public final class BackupSources {
    private BackupSources() {
    }

    public static BackupSource create(SourceSpec spec, SourceContext context) {
        if (spec instanceof SourceSpec.Heroku heroku) {
            return new HerokuSource(heroku, context);
        }
        if (spec instanceof SourceSpec.S3 s3) {
            return new S3Source(s3, context);
        }
        if (spec instanceof SourceSpec.File file) {
            return new FileSource(file.path(), context.home(), context.baseDir());
        }
        if (spec instanceof SourceSpec.Url url) {
            return new UrlSource(url.url(), url.headers(), context);
        }
        if (spec instanceof SourceSpec.Command command) {
            return new CommandSource(command.command(), context.baseDir(), context.progress());
        }
        throw new IllegalArgumentException("Unknown source " + spec);
    }

    /** With the real environment and home directory, default retries and progress interval. */
    public static BackupSource create(SourceSpec spec, Credentials credentials, Progress progress) {
        return create(spec, SourceContext.of(credentials, progress));
    }
}
