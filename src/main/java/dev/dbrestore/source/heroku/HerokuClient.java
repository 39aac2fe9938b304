package dev.dbrestore.source.heroku;

import dev.dbrestore.source.Http;
import dev.dbrestore.source.RetryPolicy;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The two calls of Heroku's data API that {@code heroku pg:backups:download} makes, with the
 * CLI's headers (heroku-api.md §1.2–§3): list an app's transfers, and ask for a signed download
 * URL of one backup. Connection failures, 429 and 5xx are retried with backoff (honouring
 * {@code Retry-After}); everything else becomes a message that says what to do. The API key goes
 * only to the data API, never into a message.
 */
final class HerokuClient {
    static final String ACCEPT = "application/vnd.heroku+json; version=3";

    private final URI base;
    private final ApiKey key;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final Progress log;

    HerokuClient(URI base, ApiKey key, HttpClient http, RetryPolicy retry, Progress log) {
        this.base = base;
        this.key = key;
        this.http = http;
        this.retry = retry;
        this.log = log;
    }

    /** {@code GET /client/v11/apps/{app}/transfers}: every backup, restore and copy of the app, unsorted. */
    List<Transfer> transfers(String app) throws IOException {
        Object json = call("GET", "/client/v11/apps/" + app + "/transfers", app, null);
        if (!(json instanceof List<?> list)) {
            throw new Fault("Heroku's data API at " + base + " answered the list of backups of " + app
                    + " with something other than a JSON array");
        }
        List<Transfer> transfers = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof Map<?, ?> map) {
                try {
                    transfers.add(Transfer.of(map));
                } catch (RuntimeException e) {
                    throw new Fault("Heroku's data API sent a backup entry dbrestore cannot read: " + e.getMessage(), e);
                }
            }
        }
        return transfers;
    }

    /** {@code POST /client/v11/apps/{app}/transfers/{num}/actions/public-url}: a signed URL valid for about an hour. */
    URI publicUrl(String app, Transfer backup) throws IOException {
        Object json = call("POST", "/client/v11/apps/" + app + "/transfers/" + backup.num() + "/actions/public-url",
                app, backup.name());
        Object url = json instanceof Map<?, ?> map ? map.get("url") : null;
        if (url == null) {
            throw new Fault("Heroku's data API gave no download URL for backup " + backup.name() + " of " + app);
        }
        URI signed = URI.create(url.toString());
        if (signed.getRawQuery() != null) {
            Redactor.registerSecret(signed.getRawQuery());
        }
        return signed;
    }

    private Object call(String method, String path, String app, String backupName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = send(method, path);
            } catch (IOException e) {
                if (attempt >= retry.maxRetries() || e instanceof InterruptedIOException) {
                    throw new Fault("Cannot reach Heroku's data API at " + base + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + ". Check the network (and HEROKU_DATA_HOST or apiUrl if set)", e);
                }
                waitBefore(attempt + 1, null, "could not reach " + base + " (" + e.getMessage() + ")");
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return Json.parse(response.body());
                } catch (IllegalArgumentException e) {
                    throw new Fault("Heroku's data API at " + base + " answered with something that is not JSON ("
                            + e.getMessage() + ")");
                }
            }
            if ((status == 429 || status >= 500) && attempt < retry.maxRetries()) {
                waitBefore(attempt + 1, response, "Heroku's data API answered HTTP " + status);
                continue;
            }
            throw failure(status, ErrorBody.of(response.body()), app, backupName);
        }
    }

    private HttpResponse<String> send(String method, String path) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Http.RESPONSE_TIMEOUT)
                .header("Accept", ACCEPT)
                .header("Authorization", "Bearer " + key.value())
                .header("User-Agent", Http.userAgent())
                .header("Request-Id", UUID.randomUUID().toString());
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.GET();
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while calling Heroku's data API");
        }
    }

    private void waitBefore(int retryNumber, HttpResponse<String> response, String reason) throws IOException {
        Duration wait = retry.backoff(retryNumber);
        if (response != null) {
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(-1);
            if (retryAfter >= 0 && retryAfter <= 120) {
                wait = Duration.ofSeconds(retryAfter);
            }
        }
        log.warn(Redactor.redact(reason + "; retrying in " + wait.toSeconds() + "s (" + retryNumber + " of "
                + retry.maxRetries() + ")"));
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to call Heroku again");
        }
    }

    private RuntimeException failure(int status, ErrorBody error, String app, String backupName) {
        String said = " (HTTP " + status + error.summary() + ")";
        return switch (status) {
            case 401 -> new UserError("Heroku rejected the API key from " + key.origin() + said
                    + ". The key is wrong or expired: get a valid one with `heroku auth:token` "
                    + "(or a long-lived one with `heroku authorizations:create`) and set it there.");
            case 403 -> "two_factor".equals(error.id())
                    ? new UserError("Heroku asks for two-factor authentication for app " + app + said
                            + ". Use a key made with `heroku authorizations:create` in " + key.origin() + ".")
                    : new UserError("Heroku refused access to the backups of app " + app + said
                            + ". The account of the API key from " + key.origin()
                            + " may not see this app's databases: check with `heroku access -a " + app + "`.");
            case 404 -> backupName == null
                    ? new UserError("Heroku app '" + app + "' not found" + said + ", or the account of the API key from "
                            + key.origin() + " cannot see it. Check the name with `heroku apps`.")
                    : new UserError("Backup " + backupName + " of Heroku app " + app + " not found" + said
                            + ". List the backups with `mvn dbrestore:backups`.");
            case 400, 422 -> new UserError("Heroku cannot give a download URL for backup " + backupName + " of app "
                    + app + said + ": only completed, successful backups can be downloaded.");
            case 429 -> new Fault("Heroku's API rate limit is used up" + said
                    + "; wait a few minutes and run again.");
            default -> status >= 500
                    ? new Fault("Heroku's data API failed" + said + " after " + retry.maxRetries()
                            + " retries; try again later (https://status.heroku.com).")
                    : new Fault("Unexpected answer from Heroku's data API" + said + ".");
        };
    }

    /** Heroku's error JSON {@code {"id": …, "message": …}}, tolerating the HTML a bare 404 carries. */
    record ErrorBody(String id, String message) {
        static ErrorBody of(String body) {
            try {
                if (Json.parse(body) instanceof Map<?, ?> map) {
                    Object id = map.get("id");
                    Object message = map.get("message");
                    return new ErrorBody(id == null ? null : id.toString(), message == null ? null : message.toString());
                }
            } catch (IllegalArgumentException notJson) {
                // e.g. <h1>Not Found</h1> from an unmatched route
            }
            return new ErrorBody(null, null);
        }

        String summary() {
            return (id == null ? "" : " " + id) + (message == null ? "" : ": " + message);
        }
    }
}
