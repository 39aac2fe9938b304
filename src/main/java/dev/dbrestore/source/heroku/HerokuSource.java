package dev.dbrestore.source.heroku;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.HttpResource;
import dev.dbrestore.source.http.ResumableStream;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heroku Postgres backups of an app, through Heroku's HTTP API (no Heroku CLI needed): the newest
 * successful backup, or the one named by {@code backup: b042}; its signed URL is streamed with
 * resume. The backup's finish time gives {@code {date}} and its name {@code {backup}}. With
 * {@code capture: true} the backup is a fresh one this run captures first ({@link HerokuCapture}).
 */
public final class HerokuSource implements BackupSource {
    private static final Pattern BACKUP_NAME = Pattern.compile("^[abcr]?(\\d+)$");

    private final SourceSpec.Heroku spec;
    private final SourceContext ctx;
    private final Duration pollInterval;
    private HerokuClient client;
    /** The backup this run captured ({@code capture: true}), with the client of the app that lists it. */
    private HerokuCapture.Captured captured;

    public HerokuSource(SourceSpec.Heroku spec, SourceContext ctx) {
        this(spec, ctx, HerokuCapture.POLL_INTERVAL);
    }

    /** {@code pollInterval}: how often a capture's transfer is asked for (3 s as the Heroku CLI; tests go faster). */
    public HerokuSource(SourceSpec.Heroku spec, SourceContext ctx, Duration pollInterval) {
        this.spec = spec;
        this.ctx = ctx;
        this.pollInterval = pollInterval;
    }

    @Override
    public String describe() {
        return "heroku:" + spec.app();
    }

    @Override
    public String app() {
        return spec.app();
    }

    @Override
    public List<Backup> list() throws IOException {
        return client().transfers().stream()
                .filter(Transfer::isBackup)
                .sorted(Comparator.comparing(Transfer::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparingLong(Transfer::num).reversed())
                .map(t -> new Backup(t.name(), t.takenAt(), t.processedBytes(), t.status(), describe() + "/" + t.name()))
                .toList();
    }

    @Override
    public Backup pick(String requestedId) throws IOException {
        boolean requested = requestedId != null && !requestedId.isBlank();
        if (spec.capture() && !requested) {
            return capture();
        }
        if (spec.capture()) {
            ctx.progress().info("capture: true is skipped: backup " + requestedId + " was asked for (-Ddbrestore.backup)");
        }
        String wanted = requested ? requestedId : spec.backup();
        List<Backup> all = list();
        if (wanted != null && !wanted.isBlank()) {
            long num = num(wanted);
            Backup b = all.stream().filter(x -> num(x.id()) == num).findFirst()
                    .orElseThrow(() -> new UserError("Heroku app " + spec.app() + " has no backup " + wanted
                            + (all.isEmpty() ? "" : "; the newest is " + all.get(0).id())));
            if (!"succeeded".equals(b.status())) {
                throw new UserError("Backup " + b.id() + " of " + spec.app() + " is " + b.status() + ", not a completed backup");
            }
            return b;
        }
        return all.stream().filter(b -> "succeeded".equals(b.status())).findFirst()
                .orElseThrow(() -> new UserError("Heroku app " + spec.app() + " has no successful backup"
                        + (all.isEmpty() ? "" : " (" + all.size() + " failed or unfinished)")
                        + ". Capture one with `heroku pg:backups:capture --app " + spec.app() + "`."));
    }

    /**
     * {@code capture: true}: a fresh backup, captured and waited for before anything is created locally;
     * a dry run captures nothing and says so.
     */
    private Backup capture() throws IOException {
        Duration timeout = spec.captureTimeoutOrDefault();
        if (ctx.dryRun()) {
            ctx.progress().info("Dry run: capture: true would capture a fresh backup of the DATABASE_URL of " + spec.app()
                    + " (heroku pg:backups:capture), wait up to " + Bytes.duration(timeout.toMillis())
                    + " for it and restore it; nothing was captured");
            return new Backup("capture", Instant.now(), null, "to capture", describe() + "/capture");
        }
        URI platform = HerokuClient.platformApiBase(ctx.environment().get("HEROKU_HOST"));
        captured = new HerokuCapture(client(), platform, timeout, pollInterval, ctx.progress()).run(spec.app());
        Transfer t = captured.transfer();
        return new Backup(t.name(), t.takenAt(), t.processedBytes(), t.status(), describe() + "/" + t.name());
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        long num = num(backup.id());
        String label = describe() + "/" + backup.id();
        return DumpInput.of(ResumableStream.open(new SignedDownload(num, label), ctx.retry(), label, ctx.progress()));
    }

    /** A fresh signed URL of the backup, read in ranged GETs only as far as its header and TOC. */
    @Override
    public DumpInput openHead(Backup backup) throws IOException {
        String label = describe() + "/" + backup.id();
        return DumpInput.of(new HttpResource(client().publicUrl(num(backup.id())), Map.of(), label).head(null, null));
    }

    @Override
    public String timeMeaning() {
        return "Heroku's time for the backup";
    }

    /**
     * The backup's signed URL as a resumable resource. The URL lives about an hour: when a resume
     * is refused (a long download outlived it), a fresh URL is asked for once and the resume goes on.
     * The signed URL carries its own authorization: no Heroku headers go to the storage host.
     */
    private final class SignedDownload implements ResumableStream.Opener {
        private final long num;
        private final String label;
        private HttpResource resource;

        SignedDownload(long num, String label) throws IOException {
            this.num = num;
            this.label = label;
            this.resource = new HttpResource(downloads().publicUrl(num), Map.of(), label);
        }

        @Override
        public ResumableStream.Part open(long offset) throws IOException {
            try {
                return resource.open(offset);
            } catch (UserError refused) {
                if (offset == 0) {
                    throw refused;
                }
                ctx.progress().info("The download URL of " + label + " was refused (" + refused.getMessage()
                        + "); asking Heroku for a fresh one");
                resource = new HttpResource(downloads().publicUrl(num), Map.of(), label);
                return resource.open(offset);
            }
        }
    }

    /** The client of the app whose transfers hold the backup: the billing app of a database this run captured. */
    private HerokuClient downloads() {
        return captured != null ? captured.owner() : client();
    }

    private HerokuClient client() {
        if (client == null) {
            String key = HerokuApiKey.find(ctx.environment(), ctx.home(), ctx.credentials(), spec.serverId());
            URI base = HerokuClient.dataApiBase(spec.apiUrl(), ctx.environment().get("HEROKU_DATA_HOST"));
            client = new HerokuClient(base, key, spec.app());
        }
        return client;
    }

    private static long num(String id) {
        Matcher m = BACKUP_NAME.matcher(id.trim());
        if (!m.matches()) {
            throw new UserError("'" + id + "' is not a Heroku backup id (like b042)");
        }
        return Long.parseLong(m.group(1));
    }
}
