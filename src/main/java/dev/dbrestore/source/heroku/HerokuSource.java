package dev.dbrestore.source.heroku;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.Downloads;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.Http;
import dev.dbrestore.source.HttpRangeOpener;
import dev.dbrestore.source.ResumableInputStream;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The backups Heroku Postgres keeps for an app, read from Heroku's data API without the Heroku
 * CLI. The newest successful backup is taken unless one is named ({@code backup: b042} or
 * {@code -Ddbrestore.backup=b042}); its signed URL is streamed with resume, and renewed if it
 * expires during a long download. A backup's id is its CLI name, its time the moment it finished,
 * its size the bytes stored.
 */
public final class HerokuSource implements BackupSource {
    private final String app;
    private final String configuredBackup;
    private final String serverId;
    private final URI dataApi;
    private final SourceContext context;
    private final HttpClient http;
    private final Map<String, Transfer> listed = new LinkedHashMap<>();
    private HerokuClient client;

    public HerokuSource(SourceSpec.Heroku spec, SourceContext context) {
        this(spec, context, Http.newClient());
    }

    HerokuSource(SourceSpec.Heroku spec, SourceContext context, HttpClient http) {
        this.app = checkedApp(spec.app());
        this.configuredBackup = spec.backup();
        this.serverId = spec.serverId();
        this.dataApi = HerokuHosts.dataApi(spec.apiUrl(), context);
        this.context = context;
        this.http = http;
    }

    private static String checkedApp(String app) {
        if (app == null || app.isBlank()) {
            throw new UserError("The heroku source needs an app, e.g. heroku: { app: acme-production }");
        }
        if (!app.trim().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UserError("'" + app + "' is not a Heroku app name (letters, digits and dashes)");
        }
        return app.trim();
    }

    @Override
    public String describe() {
        return "heroku:" + app;
    }

    @Override
    public String app() {
        return app;
    }

    /** The app's backups (not restores or copies, not deleted ones), newest first, failed and running included. */
    @Override
    public List<Backup> list() throws IOException {
        List<Transfer> backups = client().transfers(app).stream()
                .filter(Transfer::isBackup)
                .sorted(Comparator.comparing(Transfer::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Transfer::num).reversed())
                .toList();
        listed.clear();
        backups.forEach(transfer -> listed.put(transfer.name(), transfer));
        return backups.stream().map(this::backup).toList();
    }

    @Override
    public Backup pick(String requestedId) throws IOException {
        String wanted = requestedId != null && !requestedId.isBlank() ? requestedId.trim() : configuredBackup;
        if (wanted != null && !wanted.isBlank() && !Transfer.isValidName(wanted.trim())) {
            throw new UserError("Invalid Heroku backup id '" + wanted + "': expected a name such as b042, as"
                    + " `heroku pg:backups -a " + app + "` shows");
        }
        List<Backup> all = list();
        if (wanted == null || wanted.isBlank()) {
            return all.stream().filter(Backup::usable).findFirst().orElseThrow(() -> new UserError(
                    "No successful backups on Heroku app " + app
                    + (all.isEmpty() ? "" : " (" + all.size() + " failed or unfinished)")
                    + ". Capture one with `heroku pg:backups:capture -a " + app + "`."));
        }
        Transfer named = listed.values().stream().filter(t -> t.isNamed(wanted.trim())).findFirst()
                .orElseThrow(() -> new UserError("Backup " + wanted + " not found on Heroku app " + app
                        + newest(all) + ". List them with `mvn dbrestore:backups`."));
        if (!named.isSuccessful()) {
            throw new UserError("Backup " + named.name() + " of Heroku app " + app + " cannot be restored: it "
                    + (named.status().equals("failed") ? "failed" : "is " + named.status()) + newest(all) + ".");
        }
        return backup(named);
    }

    private static String newest(List<Backup> all) {
        return all.stream().filter(Backup::usable).findFirst()
                .map(b -> "; the newest successful one is " + b.id()).orElse("");
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        Transfer transfer = listed.get(backup.id());
        if (transfer == null) {
            list();
            transfer = listed.get(backup.id());
        }
        if (transfer == null) {
            throw new UserError("Backup " + backup.id() + " is no longer listed on Heroku app " + app);
        }
        String what = "backup " + transfer.name() + " of " + describe();
        HttpRangeOpener opener = new HttpRangeOpener(http, new SignedUrl(transfer), Map.of(), what);
        return Downloads.start(new ResumableInputStream(opener, context.retry(), context.progress(), what), context);
    }

    private Backup backup(Transfer transfer) {
        return new Backup(transfer.name(),
                Objects.requireNonNullElse(transfer.finishedAt(), transfer.createdAt()),
                transfer.processedBytes(),
                transfer.status(),
                describe() + "/" + transfer.name());
    }

    private HerokuClient client() {
        if (client == null) {
            client = new HerokuClient(dataApi, ApiKey.find(context, serverId), http, context.retry(), context.progress());
        }
        return client;
    }

    /** The signed URL of one backup, fetched when first needed and again when it has expired. */
    private final class SignedUrl implements HttpRangeOpener.Location {
        private final Transfer transfer;
        private URI current;

        SignedUrl(Transfer transfer) {
            this.transfer = transfer;
        }

        @Override
        public URI uri() throws IOException {
            if (current == null) {
                current = client().publicUrl(app, transfer);
            }
            return current;
        }

        @Override
        public boolean renew() throws IOException {
            context.progress().info("The download URL of " + transfer.name() + " was refused; asking Heroku for a new one");
            current = client().publicUrl(app, transfer);
            return true;
        }
    }
}
