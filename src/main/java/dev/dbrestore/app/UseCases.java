package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ServerLogins;
import dev.dbrestore.lifecycle.DownloadCache;
import dev.dbrestore.lifecycle.OfflineSource;
import dev.dbrestore.embedded.EmbeddedServers;
import dev.dbrestore.embedded.PostgresBinaries;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.Sanitizer;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.RetryPolicy;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * The use cases, wired to the machine they run on: its environment and home folder (for
 * {@code PG*} variables, {@code ~/.pgpass}, {@code ~/.netrc}), the credentials the build tool
 * holds, the person who may answer a question, and the log. A goal makes one and tells it what
 * to do; tests make their own with a recording log.
 */
public final class UseCases {
    private final RunOptions options;
    private final Progress progress;
    private final Credentials credentials;
    private final Prompter prompter;
    private final boolean offline;
    private final Path home = Path.of(System.getProperty("user.home"));
    private final PostgresBinaries binaries;
    private final String targetOverride;

    public UseCases(RunOptions options, Progress progress, Credentials credentials, Prompter prompter) {
        this(options, progress, credentials, prompter, false);
    }

    /**
     * @param offline the build tool runs offline ({@code mvn -o}): network sources and destinations
     *                are never contacted (a source's backups then come from the download cache only)
     */
    public UseCases(RunOptions options, Progress progress, Credentials credentials, Prompter prompter, boolean offline) {
        this(options, progress, credentials, prompter, offline, PostgresBinaries.NONE, null);
    }

    private UseCases(RunOptions options, Progress progress, Credentials credentials, Prompter prompter, boolean offline,
                     PostgresBinaries binaries, String targetOverride) {
        this.options = options;
        this.progress = progress;
        this.credentials = credentials;
        this.prompter = prompter;
        this.offline = offline;
        this.binaries = binaries;
        this.targetOverride = targetOverride;
    }

    /**
     * The same use cases with the build tool's resolver of PostgreSQL binaries (for {@code target: embedded})
     * and {@code -Ddbrestore.target} ({@code embedded} or a URL; null: the YAML's {@code target:}).
     */
    public UseCases withEmbedded(PostgresBinaries resolver, String target) {
        return new UseCases(options, progress, credentials, prompter, offline, resolver, target);
    }

    /** The embedded PostgreSQL servers of this machine ({@code target: embedded}). */
    public EmbeddedServers embeddedServers() {
        return new EmbeddedServers(binaries, options.environment(), progress);
    }

    public EmbeddedStatus embeddedStatus() {
        return new EmbeddedStatus(embeddedServers(), connections(), progress);
    }

    public RestoreCopy restore(ConfigFile config) {
        return new RestoreCopy(new RestoreCopy.Context(progress, prompter, sources(config), connections(),
                new Sanitizer(), ZoneId.systemDefault()));
    }

    /** {@code pluginVersion}: written into each published dump's manifest and metadata. */
    public PublishCopy publish(ConfigFile config, String pluginVersion) {
        SourceContext ctx = sourceContext(config);
        Function<SourceSpec, BackupSource> sources = sources(config);
        return new PublishCopy(new PublishCopy.Context(progress, spec -> {
                    BackupSource source = sources.apply(spec);
                    if (source instanceof OfflineSource) {
                        throw new UserError(OfflineSource.FLAG + ": publish does not read " + source.describe()
                                + " from the download cache (it publishes what the source holds now). Run without -o.");
                    }
                    return source;
                },
                spec -> {
                    if (offline && spec.s3() != null) {
                        throw new UserError(OfflineSource.FLAG + ": the publish destination s3://" + spec.s3().bucket()
                                + " is not contacted. Run without -o to publish.");
                    }
                    return BackupSources.destination(spec, ctx);
                }, connections(), new Sanitizer(), pluginVersion));
    }

    public SanitizeCopy sanitize() {
        return new SanitizeCopy(new Sanitizer(), connections(), progress);
    }

    public PruneCopies prune() {
        return new PruneCopies(connections(), progress, Clock.systemUTC());
    }

    public ListCopies list() {
        return new ListCopies(connections(), progress);
    }

    public ValidateProfile validate(ConfigFile config) {
        return new ValidateProfile(new ValidateProfile.Context(progress, sources(config), connections()));
    }

    public ListBackups backups(ConfigFile config) {
        return new ListBackups(sources(config), progress);
    }

    /**
     * Where the target servers' missing connection details come from: the settings.xml server named by
     * {@code target.serverId}, a {@code pg_service.conf} service, {@code PG*} variables, then {@code ~/.pgpass}.
     */
    public ConnectionResolver connections() {
        return new ConnectionResolver(options.environment(), home)
                .withLogins(serverId -> credentials.server(serverId)
                        .map(login -> new ServerLogins.Login(login.username(), login.password())))
                .withEmbedded(embeddedServers(), targetOverride);
    }

    /**
     * Turns a profile's {@code source:} into the source that lists and opens its backups; offline, a
     * network source (url, s3, heroku) is an {@link OfflineSource} over the download cache.
     */
    public Function<SourceSpec, BackupSource> sources(ConfigFile config) {
        SourceContext ctx = sourceContext(config);
        return spec -> {
            BackupSource source = BackupSources.create(spec, ctx);
            boolean network = spec instanceof SourceSpec.Url || spec instanceof SourceSpec.S3
                    || spec instanceof SourceSpec.Heroku;
            return offline && network ? new OfflineSource(source,
                    Boolean.FALSE.equals(options.cache()) ? null : DownloadCache.of(options), progress) : source;
        };
    }

    private SourceContext sourceContext(ConfigFile config) {
        return new SourceContext(options.environment(), home, config.file().getParent(), credentials, progress,
                RetryPolicy.standard(), options.dryRun(),
                DumpLoader.pgBin(options, config.settings() == null ? Settings.empty() : config.settings()));
    }

    /** Writes report.json for a goal's run; a report that cannot be written only warns. */
    public void writeReport(RunReport report) {
        if (options.reportDir() == null) {
            return;
        }
        try {
            Path file = report.writeTo(options.reportDir());
            progress.debug("Report written to " + file);
        } catch (IOException e) {
            progress.warn("Could not write the report to " + options.reportDir() + ": " + e.getMessage());
        }
    }
}
