package dev.dbrestore.source.url;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.Downloads;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.Http;
import dev.dbrestore.source.HttpRangeOpener;
import dev.dbrestore.source.ResumableInputStream;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dump at an http(s) URL, streamed with resume. Its {@code Last-Modified} header gives the
 * backup time (else now), {@code Content-Length} the size, {@code ETag} guards a resume. The
 * profile's headers (e.g. an {@code Authorization}) are sent with every request and their values
 * are treated as secrets.
 */
public final class UrlSource implements BackupSource {
    private final URI uri;
    private final Map<String, String> headers;
    private final SourceContext context;
    private final HttpClient client;

    public UrlSource(String url, Map<String, String> headers, SourceContext context) {
        this(url, headers, context, Http.newClient());
    }

    UrlSource(String url, Map<String, String> headers, SourceContext context, HttpClient client) {
        this.uri = parse(url);
        this.headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        this.headers.values().forEach(Redactor::registerSecret);
        if (uri.getRawQuery() != null) {
            Redactor.registerSecret(uri.getRawQuery());
        }
        if (uri.getRawUserInfo() != null) {
            Redactor.registerSecret(uri.getRawUserInfo());
        }
        this.context = context;
        this.client = client;
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new UserError("The url source needs a URL, e.g. url: https://example.com/backups/latest.dump");
        }
        try {
            URI uri = URI.create(url.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new UserError("The url source takes http or https URLs, not " + Http.display(uri)
                        + "; use the file source for local paths");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UserError("Not a valid URL in the url source: " + Redactor.redact(url));
        }
    }

    @Override
    public String describe() {
        return "url:" + Http.display(uri);
    }

    /** The one backup behind the URL, described by a HEAD request (or a GET whose body is not read). */
    @Override
    public List<Backup> list() throws IOException {
        HttpResponse<?> head = send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 403 || head.statusCode() == 405 || head.statusCode() == 501) {
            head = send(HttpRequest.newBuilder(uri).GET());
        }
        int status = head.statusCode();
        if (status == 404 || status == 410) {
            throw new UserError("No dump at " + Http.display(uri) + " (HTTP " + status + ")");
        }
        if (status == 401 || status == 403) {
            throw new UserError("Access to " + Http.display(uri) + " was refused (HTTP " + status
                    + "): check the headers of the url source");
        }
        if (status >= 400) {
            throw new Fault("The server at " + Http.display(uri) + " answered HTTP " + status);
        }
        HttpHeaders h = head.headers();
        Instant created = h.firstValue("Last-Modified").map(UrlSource::httpDate).orElse(Instant.now());
        Long size = h.firstValueAsLong("Content-Length").isPresent() && status == 200
                ? h.firstValueAsLong("Content-Length").getAsLong() : null;
        String name = fileName(uri);
        return List.of(new Backup(name, created, size, "available", Http.display(uri)));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        HttpRangeOpener opener = new HttpRangeOpener(client, () -> uri, headers, Http.display(uri));
        return Downloads.start(new ResumableInputStream(opener, context.retry(), context.progress(),
                Http.display(uri)), context);
    }

    /** Sends the request and closes the body unread: only the status and headers matter here. */
    private HttpResponse<?> send(HttpRequest.Builder request) throws IOException {
        request.timeout(Http.RESPONSE_TIMEOUT).header("User-Agent", Http.userAgent());
        headers.forEach(request::header);
        try {
            HttpResponse<java.io.InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while contacting " + Http.display(uri));
        } catch (ConnectException | HttpTimeoutException e) {
            throw new Fault("Cannot reach " + Http.display(uri) + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? uri.getHost() : name;
    }
}
