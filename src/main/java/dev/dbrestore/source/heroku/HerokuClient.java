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
import java.util.UUID;

/**
 * The two calls of Heroku's data API that {@code pg:backups} makes (heroku-api.md): list an
 * app's transfers, and get a signed download URL for one backup. Headers as the Heroku CLI sends
 * them; errors turned into messages that say what to do, never holding the key.
 */
final class HerokuClient {
    static final String ACCEPT = "application/vnd.heroku+json; version=3";
    static final String DEFAULT_DATA_API = "https://api.data.heroku.com";

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
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", ACCEPT)
                .header("Authorization", "Bearer " + apiKey)
                .header("User-Agent", "dbrestore-maven-plugin")
                .header("Request-Id", UUID.randomUUID().toString())
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response;
        try {
            response = HttpResource.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new Fault("Cannot reach Heroku's data API at " + base + ": " + e.getMessage()
                    + ". Check the network (or HEROKU_DATA_HOST / apiUrl).", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return Json.MAPPER.readTree(response.body());
        }
        String message = errorMessage(response.body());
        switch (status) {
            case 401 -> throw new UserError("Heroku refused the API key (401" + message + "). Get a fresh one with "
                    + "`heroku auth:token` and set HEROKU_API_KEY, or log in again with `heroku login`.");
            case 403 -> throw new UserError("Heroku denied access to the backups of " + app + " (403" + message
                    + "). Check that your account is a member of the app.");
            case 404 -> throw new UserError("Heroku knows no app named '" + app + "' (404" + message
                    + "), or it has no Heroku Postgres database. Check heroku: { app: ... } in restore-profiles.yml.");
            case 429 -> throw new UserError("Heroku's rate limit was reached (429). Wait a minute and run again.");
            default -> {
                if (status >= 500) {
                    throw new TransientError("Heroku's data API answered " + status + message);
                }
                throw new Fault("Heroku's data API answered " + status + message + " to " + method + " " + path);
            }
        }
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
