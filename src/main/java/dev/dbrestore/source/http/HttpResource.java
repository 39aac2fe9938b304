package dev.dbrestore.source.http;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * An http(s) resource that can be read whole or from an offset (for {@link ResumableStream}).
 * Its URL may be signed: it is never put into a message as it is (the Redactor strips query strings).
 */
public final class HttpResource implements ResumableStream.Opener {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private final URI uri;
    private final Map<String, String> headers;
    private final String label;

    public HttpResource(URI uri, Map<String, String> headers, String label) {
        this.uri = uri;
        this.headers = headers == null ? Map.of() : headers;
        this.label = label;
    }

    public static HttpClient client() {
        return CLIENT;
    }

    /** Size, date and version from a HEAD request; empty values when the server does not say. */
    public record Head(Long length, Instant lastModified, String version) {
    }

    public Head head() throws IOException {
        HttpResponse<Void> response = send(request(0).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 405 || response.statusCode() == 501) {
            return new Head(null, null, null);
        }
        check(response.statusCode(), 0);
        return new Head(length(response).orElse(null), lastModified(response), version(response));
    }

    @Override
    public ResumableStream.Part open(long offset) throws IOException {
        HttpResponse<InputStream> response = send(request(offset).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (offset > 0 && status == 200) {
            response.body().close();
            throw new ResumableStream.ResumeRefused("the server ignored the Range request (answered 200, not 206)");
        }
        if (status >= 500 || status == 429) {
            response.body().close();
            throw new IOException("server answered " + status);
        }
        if (status != 200 && status != 206) {
            response.body().close();
            check(status, offset);
        }
        Long total = totalLength(response, offset);
        return new ResumableStream.Part(response.body(), total, version(response));
    }

    private HttpRequest.Builder request(long offset) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10));
        headers.forEach(b::header);
        if (offset > 0) {
            b.header("Range", "bytes=" + offset + "-");
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return CLIENT.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void check(int status, long offset) {
        switch (status) {
            case 200, 206 -> {
            }
            case 401, 403 -> throw new UserError("Access to " + label + " was refused (HTTP " + status + "). "
                    + "The URL may have expired or need credentials (headers: in the url source).");
            case 404, 410 -> throw new UserError(label + " was not found (HTTP " + status + ").");
            default -> throw new Fault("Downloading " + label + " failed: HTTP " + status
                    + (offset > 0 ? " when resuming at byte " + offset : ""));
        }
    }

    private static Optional<Long> length(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Length").map(Long::parseLong);
    }

    private static Long totalLength(HttpResponse<?> r, long offset) {
        Optional<String> range = r.headers().firstValue("Content-Range");
        if (range.isPresent()) {
            String v = range.get();
            int slash = v.lastIndexOf('/');
            if (slash > 0 && !v.endsWith("*")) {
                return Long.parseLong(v.substring(slash + 1).trim());
            }
        }
        return length(r).map(l -> l + offset).orElse(null);
    }

    private static String version(HttpResponse<?> r) {
        return r.headers().firstValue("ETag").or(() -> r.headers().firstValue("Last-Modified")).orElse(null);
    }

    private static Instant lastModified(HttpResponse<?> r) {
        return r.headers().firstValue("Last-Modified").map(v -> {
            try {
                return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }).orElse(null);
    }
}
