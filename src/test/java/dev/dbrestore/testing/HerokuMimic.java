package dev.dbrestore.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Heroku's data API (heroku-api.md): the paths, headers and JSON that
 * {@code pg:backups} uses, Heroku's error bodies, and presigned-S3-style download URLs whose
 * query string holds a signature. Downloads are served by a {@link RangeFileHandler}, so they can
 * be made to drop.
 */
public final class HerokuMimic implements AutoCloseable {
    public static final String ACCEPT = "application/vnd.heroku+json; version=3";
    private static final Pattern TRANSFERS = Pattern.compile("^/client/v11/apps/([^/]+)/transfers$");
    private static final Pattern PUBLIC_URL = Pattern.compile("^/client/v11/apps/([^/]+)/transfers/(\\d+)/actions/public-url$");
    private static final Pattern DOWNLOAD = Pattern.compile("^/xfrtu/([^/]+)/(\\d+)$");

    private final HttpServer server;
    private final String apiKey;
    private final Map<String, List<String>> transfers = new LinkedHashMap<>();
    private final Map<String, RangeFileHandler> dumps = new LinkedHashMap<>();
    private final Map<String, String> signatures = new LinkedHashMap<>();
    public final List<String> requestLog = new ArrayList<>();
    /** Signatures that have expired, as a presigned S3 URL does after an hour. */
    private final java.util.Set<String> expired = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
        transfers.computeIfAbsent(app, a -> new ArrayList<>()).add(0, json); // Heroku does not sort: neither do we
        RangeFileHandler handler = dump == null ? null : new RangeFileHandler(dump);
        if (handler != null) {
            dumps.put(app + "/" + num, handler);
        }
        return handler;
    }

    /** A restore transfer, which the source must ignore. */
    public void restoreTransfer(String app, int num, String createdAt) {
        transfers.computeIfAbsent(app, a -> new ArrayList<>()).add("{\"uuid\":\"" + UUID.randomUUID() + "\",\"num\":" + num
                + ",\"from_type\":\"htcat\",\"to_type\":\"pg_restore\",\"succeeded\":true,\"processed_bytes\":1,"
                + "\"created_at\":\"" + createdAt + "\",\"started_at\":\"" + createdAt + "\",\"finished_at\":\"" + createdAt
                + "\",\"deleted_at\":null,\"purged_at\":null,\"warnings\":0,\"num_keep\":5}");
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
        if (!ACCEPT.equals(ex.getRequestHeaders().getFirst("Accept"))) {
            json(ex, 406, "{\"id\":\"bad_request\",\"message\":\"Missing or unsupported Accept header\"}");
            return;
        }
        if (!("Bearer " + apiKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            json(ex, 401, "{\"id\":\"unauthorized\",\"message\":\"Invalid credentials provided.\"}");
            return;
        }
        Matcher list = TRANSFERS.matcher(path);
        Matcher publicUrl = PUBLIC_URL.matcher(path);
        if (list.matches() && ex.getRequestMethod().equals("GET")) {
            List<String> all = transfers.get(list.group(1));
            if (all == null) {
                json(ex, 404, "{\"id\":\"not_found\",\"message\":\"Resource not found\"}");
                return;
            }
            json(ex, 200, "[" + String.join(",", all) + "]");
        } else if (publicUrl.matches() && ex.getRequestMethod().equals("POST")) {
            String key = publicUrl.group(1) + "/" + publicUrl.group(2);
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
