package dev.dbrestore.source.heroku;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrestore.source.http.HttpResource;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Json;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The calls of Heroku's APIs that {@code pg:backups} and {@code pg:backups:capture} make
 * (heroku-api.md): list an app's transfers, get a signed download URL for one backup, resolve the
 * app's DATABASE_URL add-on, capture a backup and poll its transfer. Headers as the Heroku CLI sends
 * them; errors turned into messages that say what to do, never holding the key.
 */
final class HerokuClient {
    static final String ACCEPT = "application/vnd.heroku+json; version=3";
    static final String DEFAULT_DATA_API = "https://api.data.heroku.com";
    static final String DEFAULT_PLATFORM_API = "https://api.heroku.com";
    /** What the Heroku CLI asks the Platform API for when it resolves a database attachment. */
    static final String PLATFORM_ACCEPT = "application/vnd.heroku+json; version=3.sdk";

    private final URI base;
    private final String apiKey;
    private final String app;

    HerokuClient(URI base, String apiKey, String app) {
        this.base = base;
        this.apiKey = apiKey;
        this.app = app;
    }

    /** The data API base: YAML {@code apiUrl}, else {@code HEROKU_DATA_HOST} (a host or a full URL), else api.data.heroku.com. */
    static URI dataApiBase(String apiUrl, String herokuDataHost) {
        String base = apiUrl != null && !apiUrl.isBlank() ? apiUrl
                : herokuDataHost != null && !herokuDataHost.isBlank()
                ? (herokuDataHost.startsWith("http") ? herokuDataHost : "https://" + herokuDataHost)
                : DEFAULT_DATA_API;
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    List<Transfer> transfers() throws IOException {
        JsonNode json = call("GET", "/client/v11/apps/" + app + "/transfers");
        if (!json.isArray()) {
            throw new Fault("Heroku's data API answered the backup list of " + app + " with something that is not a list");
        }
        List<Transfer> out = new ArrayList<>();
        json.forEach(node -> out.add(Transfer.of(node)));
        return out;
    }

    /** A signed URL for the backup {@code num}; registered as a secret before anything can log it. */
    URI publicUrl(long num) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                JsonNode json = call("POST", "/client/v11/apps/" + app + "/transfers/" + num + "/actions/public-url");
                String url = json.path("url").asText(null);
                if (url == null) {
                    throw new Fault("Heroku's data API gave no download URL for backup " + num + " of " + app);
                }
                Redactor.registerSecret(url);
                int q = url.indexOf('?');
                if (q > 0) {
                    Redactor.registerSecret(url.substring(q + 1));
                }
                return URI.create(url);
            } catch (TransientError e) {
                last = e; // Heroku's public-url call is known to fail with an occasional 500: retry
                sleep(500L * attempt);
            }
        }
        throw new Fault("Heroku's data API kept failing to sign the download URL of backup " + num + " of " + app
                + ": " + last.getMessage(), last);
    }

    private JsonNode call(String method, String path) throws IOException {
        return call(method, base, path, ACCEPT, Map.of(), method.equals("POST") ? "{}" : null,
                "Heroku denied access to the backups of " + app + " {status}. Check that your account is a member of the app.",
                "Heroku knows no app named '" + app + "' {status}, or it has no Heroku Postgres database. "
                        + "Check heroku: { app: ... } in restore-profiles.yml.");
    }

    /**
     * The add-on behind the app's {@code DATABASE_URL} (Platform API, as {@code heroku pg:backups:capture}
     * resolves it): its id and the app that owns it (whose transfers hold the captures).
     */
    Addon databaseAddon(URI platformBase) throws IOException {
        String body = Json.MAPPER.writeValueAsString(Map.of("addon_attachment", "DATABASE_URL", "app", app));
        JsonNode json = call("POST", platformBase, "/actions/addon-attachments/resolve", PLATFORM_ACCEPT,
                Map.of("Accept-Inclusion", "addon:plan,config_vars"), body,
                "Heroku denied access to the add-ons of " + app + " {status}. Check that your account is a member of the app.",
                "Heroku app '" + app + "' has no database attached as DATABASE_URL {status}. Check heroku: { app: ... } "
                        + "in restore-profiles.yml.");
        List<JsonNode> postgres = new ArrayList<>();
        json.forEach(a -> {
            if (a.path("addon").path("plan").path("name").asText("").startsWith("heroku-postgresql:")) {
                postgres.add(a);
            }
        });
        JsonNode chosen = postgres.stream().filter(a -> !a.hasNonNull("namespace")).findFirst()
                .orElse(postgres.isEmpty() ? null : postgres.get(0));
        if (chosen == null || !chosen.path("addon").hasNonNull("id")) {
            throw new UserError("The DATABASE_URL of Heroku app " + app + " is not a Heroku Postgres database: "
                    + "there is nothing to capture a backup of.");
        }
        JsonNode addon = chosen.path("addon");
        return new Addon(addon.path("id").asText(), addon.path("name").asText("DATABASE"),
                addon.path("app").path("name").asText(app));
    }

    /** A Heroku Postgres add-on: its id, its name, and the app billed for it (its backups are listed there). */
    record Addon(String id, String name, String app) {
    }

    /** Starts a backup of the add-on ({@code POST /client/v11/databases/{id}/backups}, answered 201). */
    Transfer capture(Addon addon) throws IOException {
        return Transfer.of(call("POST", base, "/client/v11/databases/" + addon.id() + "/backups", ACCEPT, Map.of(), "{}",
                "Heroku refused to capture a backup of " + addon.name() + " of " + app + " {status}. Shield and "
                        + "customer-managed-key databases cannot be captured through the API; capture it as your "
                        + "plan allows and restore it with capture: false.",
                "Heroku knows no database " + addon.name() + " of " + app + " {status}; it may still be provisioning "
                        + "(heroku addons:wait)."));
    }

    /** One transfer of this app, by uuid or num ({@code GET /client/v11/apps/{app}/transfers/{id}}). */
    Transfer transfer(String id) throws IOException {
        return Transfer.of(call("GET", base, "/client/v11/apps/" + app + "/transfers/" + id, ACCEPT, Map.of(), null,
                "Heroku denied access to the backups of " + app + " {status}.",
                "Heroku knows no transfer " + id + " of " + app + " {status}."));
    }

    /** This client's key and data API for another app (the one billed for a database). */
    HerokuClient forApp(String otherApp) {
        return otherApp.equals(app) ? this : new HerokuClient(base, apiKey, otherApp);
    }

    /**
     * One API call. {@code forbidden} and {@code notFound} are the messages for 403 and 404, their
     * {@code {status}} replaced by the status and Heroku's message; the other errors are the same for every call.
     */
    private JsonNode call(String method, URI host, String path, String accept, Map<String, String> headers, String body,
                          String forbidden, String notFound) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(host + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", accept)
                .header("Authorization", "Bearer " + apiKey)
                .header("User-Agent", "dbrestore-maven-plugin")
                .header("Request-Id", UUID.randomUUID().toString())
                .method(method, body != null ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        headers.forEach(builder::header);
        HttpResponse<String> response;
        try {
            response = HttpResource.client().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new Fault("Cannot reach Heroku's API at " + host + ": " + e.getMessage()
                    + ". Check the network (or HEROKU_DATA_HOST / HEROKU_HOST / apiUrl).", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return Json.MAPPER.readTree(response.body());
        }
        String message = errorMessage(response.body());
        switch (status) {
            case 401 -> throw new UserError("Heroku refused the API key (401" + message + "). Get a fresh one with "
                    + "`heroku auth:token` and set HEROKU_API_KEY, or log in again with `heroku login`.");
            case 403 -> throw new UserError(forbidden.replace("{status}", "(403" + message + ")"));
            case 404 -> throw new UserError(notFound.replace("{status}", "(404" + message + ")"));
            case 429 -> throw new UserError("Heroku's rate limit was reached (429). Wait a minute and run again.");
            default -> {
                if (status >= 500) {
                    throw new TransientError("Heroku's API answered " + status + message);
                }
                throw new Fault("Heroku's API answered " + status + message + " to " + method + " " + path);
            }
        }
    }

    /** The Platform API base (api.heroku.com): {@code HEROKU_HOST} as the Heroku CLI reads it, a full URL used as it is. */
    static URI platformApiBase(String herokuHost) {
        String base = herokuHost == null || herokuHost.isBlank() ? DEFAULT_PLATFORM_API
                : herokuHost.startsWith("http") ? herokuHost : "https://api." + herokuHost;
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    /** The {@code message} of Heroku's JSON error body, as ": message", or "" (bodies may also be HTML). */
    private static String errorMessage(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            String m = json.path("message").asText("");
            return m.isEmpty() ? "" : ": " + m;
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A 5xx: worth another try. */
    static final class TransientError extends IOException {
        TransientError(String message) {
            super(message);
        }
    }
}
