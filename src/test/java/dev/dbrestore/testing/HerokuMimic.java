package dev.dbrestore.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Heroku's data API (heroku-api.md): the paths, headers and JSON that
 * {@code pg:backups} uses, Heroku's error bodies, and presigned-S3-style download URLs whose
 * query string holds a signature. Downloads are served by a {@link RangeFileHandler}, so they can
 * be made to drop. For {@code pg:backups:capture}: the Platform API's attachment resolution
 * ({@code POST /actions/addon-attachments/resolve}, on the same port: point {@code HEROKU_HOST} at
 * {@link #baseUrl()}), {@code POST /client/v11/databases/{addon_id}/backups} (201, a pending
 * transfer) and {@code GET /client/v11/apps/{app}/transfers/{uuid|num}[?verbose=true]}, each poll
 * moving the capture one step through pending, running and its end as a {@link Capture} says.
 */
public final class HerokuMimic implements AutoCloseable {
    public static final String ACCEPT = "application/vnd.heroku+json; version=3";
    private static final Pattern TRANSFERS = Pattern.compile("^/client/v11/apps/([^/]+)/transfers$");
    private static final Pattern PUBLIC_URL = Pattern.compile("^/client/v11/apps/([^/]+)/transfers/(\\d+)/actions/public-url$");
    private static final Pattern DOWNLOAD = Pattern.compile("^/xfrtu/([^/]+)/(\\d+)$");
    private static final Pattern ONE_TRANSFER = Pattern.compile("^/client/v11/apps/([^/]+)/transfers/([^/]+)$");
    private static final Pattern CAPTURE = Pattern.compile("^/client/v11/databases/([^/]+)/backups$");
    private static final String RESOLVE = "/actions/addon-attachments/resolve";
    private static final DateTimeFormatter HEROKU_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx")
            .withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final String apiKey;
    private final Map<String, List<Supplier<String>>> transfers = new LinkedHashMap<>();
    /** Heroku Postgres add-ons by app: the attachment JSON the Platform API resolves DATABASE_URL to. */
    private final Map<String, String> attachments = new LinkedHashMap<>();
    /** Add-on id → the app billed for it. */
    private final Map<String, String> addonApps = new LinkedHashMap<>();
    /** The way the next capture of an app's database goes. */
    private final Map<String, Capture> nextCaptures = new LinkedHashMap<>();
    /** Captures started, by app + "/" + uuid and app + "/" + num. */
    private final Map<String, CaptureTransfer> captures = new LinkedHashMap<>();
    private final Map<String, RangeFileHandler> dumps = new LinkedHashMap<>();
    private final Map<String, String> signatures = new LinkedHashMap<>();
    public final List<String> requestLog = new ArrayList<>();
    /** Signatures that have expired, as a presigned S3 URL does after an hour. */
    private final java.util.Set<String> expired = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Add-ons the data API refuses to capture (403), as it does for Shield and customer-managed-key databases. */
    public final java.util.Set<String> shieldAddons = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The next this many polls of a capture's transfer answer 500, as the data API now and then does. */
    public volatile int failingPolls;
    /** When set, a signed URL expires once a download through it ended (so a resume needs a fresh one). */
    public volatile boolean signedUrlsExpireAfterUse;

    public HerokuMimic(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a backup transfer; {@code succeeded} null means still running. Returns the dump's handler. */
    public RangeFileHandler backup(String app, int num, Boolean succeeded, String createdAt, String finishedAt, Path dump) {
        String json = "{\"uuid\":\"" + UUID.randomUUID() + "\",\"num\":" + num + ",\"from_name\":\"DATABASE\",\"from_type\":\"pg_dump\","
                + "\"from_url\":\"postgres://ec2-1-2-3-4.compute-1.amazonaws.com:5432/d8a\",\"to_name\":\"BACKUP\",\"to_type\":\"gof3r\","
                + "\"to_url\":\"https://xfrtu.s3.amazonaws.com/" + UUID.randomUUID() + "/2026-06-01T10%3A00%3A00Z/" + num + "\","
                + "\"options\":{},\"source_bytes\":8150151,\"processed_bytes\":" + (dump == null ? 0 : dump.toFile().length())
                + ",\"succeeded\":" + succeeded + ",\"warnings\":0,"
                + "\"created_at\":\"" + createdAt + "\",\"started_at\":\"" + createdAt + "\",\"canceled_at\":null,"
                + "\"updated_at\":" + quoted(finishedAt) + ",\"finished_at\":" + quoted(finishedAt) + ","
                + "\"deleted_at\":null,\"purged_at\":null,\"num_keep\":5}";
        transfers.computeIfAbsent(app, a -> new ArrayList<>()).add(0, () -> json); // Heroku does not sort: neither do we
        RangeFileHandler handler = dump == null ? null : new RangeFileHandler(dump);
        if (handler != null) {
            dumps.put(app + "/" + num, handler);
        }
        return handler;
    }

    /** A restore transfer, which the source must ignore. */
    public void restoreTransfer(String app, int num, String createdAt) {
        String json = "{\"uuid\":\"" + UUID.randomUUID() + "\",\"num\":" + num
                + ",\"from_type\":\"htcat\",\"to_type\":\"pg_restore\",\"succeeded\":true,\"processed_bytes\":1,"
                + "\"created_at\":\"" + createdAt + "\",\"started_at\":\"" + createdAt + "\",\"finished_at\":\"" + createdAt
                + "\",\"deleted_at\":null,\"purged_at\":null,\"warnings\":0,\"num_keep\":5}";
        transfers.computeIfAbsent(app, a -> new ArrayList<>()).add(() -> json);
    }

    /**
     * How a capture goes: {@code pendingPolls} answers with no {@code started_at}, then
     * {@code runningPolls} answers running with growing {@code processed_bytes}, then finished as
     * {@code outcome} says. {@code dump} is what a successful one serves; {@code failureLog} is the
     * line its {@code ?verbose=true} logs end with when it fails (pg_dump's error, which may quote a row).
     */
    public record Capture(int pendingPolls, int runningPolls, Outcome outcome, Path dump, String failureLog) {
        public enum Outcome { SUCCEEDS, FAILS, CANCELED }

        public static Capture succeeds(int pendingPolls, int runningPolls, Path dump) {
            return new Capture(pendingPolls, runningPolls, Outcome.SUCCEEDS, dump, null);
        }

        public static Capture fails(int runningPolls, String failureLog) {
            return new Capture(0, runningPolls, Outcome.FAILS, null, failureLog);
        }
    }

    /**
     * A Heroku Postgres add-on attached to {@code app} as DATABASE_URL (plan heroku-postgresql:essential-0),
     * billed to {@code billingApp}; its captures go as {@code capture} says.
     */
    public void database(String app, String billingApp, String addonId, Capture capture) {
        app(app);
        app(billingApp);
        addonApps.put(addonId, billingApp);
        nextCaptures.put(billingApp, capture);
        attachments.put(app, "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"DATABASE\",\"namespace\":null,"
                + "\"app\":{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"" + app + "\"},"
                + "\"addon\":{\"id\":\"" + addonId + "\",\"name\":\"postgresql-clean-12345\","
                + "\"app\":{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"" + billingApp + "\"},"
                + "\"plan\":{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"heroku-postgresql:essential-0\"}},"
                + "\"config_vars\":[\"DATABASE_URL\"]}]");
    }

    /** How many times each capture's transfer was asked for, by its backup num. */
    public synchronized Map<Long, Integer> capturePolls() {
        Map<Long, Integer> out = new LinkedHashMap<>();
        captures.values().forEach(c -> out.put(c.num, c.polls));
        return out;
    }

    /** A capture in progress; its JSON depends on how often it was polled. */
    private final class CaptureTransfer {
        final String app;
        final String uuid = UUID.randomUUID().toString();
        final long num;
        final Capture plan;
        final String createdAt = HEROKU_TIME.format(Instant.now());
        String startedAt;
        String finishedAt;
        int polls;

        CaptureTransfer(String app, long num, Capture plan) {
            this.app = app;
            this.num = num;
            this.plan = plan;
        }

        long size() {
            return plan.dump() == null ? 8150151L : plan.dump().toFile().length();
        }

        void poll() {
            polls++;
            String now = HEROKU_TIME.format(Instant.now());
            if (startedAt == null && polls >= plan.pendingPolls()) {
                startedAt = now;
            }
            if (finishedAt == null && polls >= plan.pendingPolls() + plan.runningPolls()) {
                finishedAt = now;
            }
        }

        boolean succeeded() {
            return finishedAt != null && plan.outcome() == Capture.Outcome.SUCCEEDS;
        }

        String json(boolean verbose) {
            long processed = finishedAt != null ? (succeeded() ? size() : size() / 3)
                    : startedAt == null ? 0 : size() * (polls - plan.pendingPolls() + 1) / (plan.runningPolls() + 1);
            String succeeded = finishedAt == null ? "null" : Boolean.toString(succeeded());
            String canceledAt = finishedAt != null && plan.outcome() == Capture.Outcome.CANCELED ? quoted(finishedAt) : "null";
            String logs = !verbose ? "" : ",\"logs\":[{\"created_at\":\"" + createdAt + "\",\"level\":\"info\","
                    + "\"message\":\"Running pg_dump\"}" + (finishedAt != null && plan.failureLog() != null
                    ? ",{\"created_at\":\"" + finishedAt + "\",\"level\":\"error\",\"message\":" + jsonString(plan.failureLog()) + "}"
                    : "") + "]";
            return "{\"uuid\":\"" + uuid + "\",\"num\":" + num + ",\"from_name\":\"DATABASE\",\"from_type\":\"pg_dump\","
                    + "\"from_url\":\"postgres://ec2-1-2-3-4.compute-1.amazonaws.com:5432/d8a\",\"to_name\":\"BACKUP\","
                    + "\"to_type\":\"gof3r\",\"to_url\":\"https://xfrtu.s3.amazonaws.com/" + uuid + "/" + num + "\","
                    + "\"options\":{},\"source_bytes\":" + size() + ",\"processed_bytes\":" + processed
                    + ",\"succeeded\":" + succeeded + ",\"warnings\":0,\"created_at\":\"" + createdAt + "\","
                    + "\"started_at\":" + quoted(startedAt) + ",\"canceled_at\":" + canceledAt + ","
                    + "\"updated_at\":" + quoted(finishedAt != null ? finishedAt : startedAt != null ? startedAt : createdAt) + ","
                    + "\"finished_at\":" + quoted(finishedAt) + ",\"deleted_at\":null,\"purged_at\":null,\"num_keep\":5"
                    + logs + "}";
        }
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public void app(String app) {
        transfers.computeIfAbsent(app, a -> new ArrayList<>());
    }

    /** Every signature handed out in a signed URL (to check they never reach a log). */
    public List<String> signatures() {
        return List.copyOf(signatures.values());
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        requestLog.add(ex.getRequestMethod() + " " + path);
        Matcher download = DOWNLOAD.matcher(path);
        if (download.matches()) {
            serveDownload(ex, download.group(1), download.group(2));
            return;
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        boolean acceptOk = path.equals(RESOLVE)
                ? ACCEPT.equals(accept) || (ACCEPT + ".sdk").equals(accept) // the CLI asks the Platform API for 3.sdk
                : ACCEPT.equals(accept);
        if (!acceptOk) {
            json(ex, 406, "{\"id\":\"bad_request\",\"message\":\"Missing or unsupported Accept header\"}");
            return;
        }
        if (!("Bearer " + apiKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            json(ex, 401, "{\"id\":\"unauthorized\",\"message\":\"Invalid credentials provided.\"}");
            return;
        }
        Matcher list = TRANSFERS.matcher(path);
        Matcher publicUrl = PUBLIC_URL.matcher(path);
        Matcher oneTransfer = ONE_TRANSFER.matcher(path);
        Matcher capture = CAPTURE.matcher(path);
        if (list.matches() && ex.getRequestMethod().equals("GET")) {
            List<Supplier<String>> all = transfers.get(list.group(1));
            if (all == null) {
                json(ex, 404, "{\"id\":\"not_found\",\"message\":\"Resource not found\"}");
                return;
            }
            json(ex, 200, "[" + String.join(",", all.stream().map(Supplier::get).toList()) + "]");
        } else if (path.equals(RESOLVE) && ex.getRequestMethod().equals("POST")) {
            resolveAttachment(ex);
        } else if (capture.matches() && ex.getRequestMethod().equals("POST")) {
            startCapture(ex, capture.group(1));
        } else if (oneTransfer.matches() && ex.getRequestMethod().equals("GET")) {
            CaptureTransfer t = captures.get(oneTransfer.group(1) + "/" + oneTransfer.group(2));
            if (t == null) {
                json(ex, 404, "{\"id\":\"not_found\",\"message\":\"Resource not found\"}");
                return;
            }
            if (failingPolls > 0) {
                failingPolls--;
                json(ex, 500, "{\"id\":\"internal_server_error\",\"message\":\"Internal server error.\"}");
                return;
            }
            t.poll();
            String query = ex.getRequestURI().getRawQuery();
            json(ex, 200, t.json(query != null && query.contains("verbose=true")));
        } else if (publicUrl.matches() && ex.getRequestMethod().equals("POST")) {
            String key = publicUrl.group(1) + "/" + publicUrl.group(2);
            CaptureTransfer captured = captures.get(key);
            if (captured != null && !captured.succeeded()) {
                json(ex, 400, "{\"id\":\"bad_request\",\"message\":\"Can only generate public URL for completed transfers\"}");
                return;
            }
            if (!dumps.containsKey(key)) {
                json(ex, 404, "{\"id\":\"not_found\",\"message\":\"Resource not found\"}");
                return;
            }
            String signature = HexFormat.of().formatHex(randomBytes());
            signatures.put(key, signature);
            json(ex, 200, "{\"expires_at\":\"2026-06-01 11:05:00 +0000\",\"url\":\"" + baseUrl() + "/xfrtu/" + publicUrl.group(1)
                    + "/" + publicUrl.group(2) + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAFAKEMIMIC%2F20260601"
                    + "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260601T100000Z&X-Amz-Expires=3600"
                    + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature + "\"}");
        } else {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("X-Cascade", "pass");
            send(ex, 404, "<h1>Not Found</h1>");
        }
    }

    /** {@code POST /actions/addon-attachments/resolve {"addon_attachment":"DATABASE_URL","app":...}}. */
    private void resolveAttachment(HttpExchange ex) throws IOException {
        com.fasterxml.jackson.databind.JsonNode body = dev.dbrestore.support.Json.MAPPER.readTree(ex.getRequestBody());
        String found = "DATABASE_URL".equals(body.path("addon_attachment").asText())
                ? attachments.get(body.path("app").asText()) : null;
        if (found == null) {
            json(ex, 404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that add on attachment.\"}");
            return;
        }
        json(ex, 200, found);
    }

    /** {@code POST /client/v11/databases/{addon_id}/backups}: 201 and the new, pending transfer. */
    private void startCapture(HttpExchange ex, String addonId) throws IOException {
        String app = addonApps.get(addonId);
        if (shieldAddons.contains(addonId)) {
            json(ex, 403, "{\"id\":\"forbidden\",\"message\":\"Backups of Shield databases cannot be captured.\"}");
            return;
        }
        if (app == null) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("X-Cascade", "pass");
            send(ex, 404, "<h1>Not Found</h1>");
            return;
        }
        long num = transfers.get(app).stream().map(Supplier::get)
                .map(j -> Pattern.compile("\"num\":(\\d+)").matcher(j)).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0) + 1;
        CaptureTransfer t = new CaptureTransfer(app, num, nextCaptures.get(app));
        captures.put(app + "/" + t.uuid, t);
        captures.put(app + "/" + num, t);
        transfers.get(app).add(() -> t.json(false));
        if (t.plan.dump() != null) {
            dumps.put(app + "/" + num, new RangeFileHandler(t.plan.dump()));
        }
        json(ex, 201, t.json(false));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private void serveDownload(HttpExchange ex, String app, String num) throws IOException {
        String key = app + "/" + num;
        String query = ex.getRequestURI().getRawQuery();
        String expected = signatures.get(key);
        if (query != null && expired.stream().anyMatch(sig -> query.contains("X-Amz-Signature=" + sig))) {
            send(ex, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
            return;
        }
        if (expected == null || query == null || !query.contains("X-Amz-Signature=" + expected)) {
            send(ex, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");
            return;
        }
        if (ex.getRequestHeaders().getFirst("Authorization") != null) {
            // S3 rejects a presigned request that also carries an Authorization header
            send(ex, 400, "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>");
            return;
        }
        try {
            dumps.get(key).handle(ex);
        } finally {
            if (signedUrlsExpireAfterUse) {
                expired.add(expected);
            }
        }
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Request-Id", UUID.randomUUID().toString());
        send(ex, status, body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
