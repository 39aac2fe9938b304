package dev.dbrestore.source;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an http(s) URL for a {@link ResumableInputStream}: a plain GET first, then
 * {@code Range: bytes=N-} with {@code If-Range} (the first response's ETag, else its
 * Last-Modified), so that a server whose file changed answers with the whole new file and the
 * change is noticed. Connection failures, 408, 429 and 5xx are transient; 404 and a refused
 * request are not. A refused request (401/403) first asks the {@link Location} for a fresh URL,
 * which a signed URL that expired during a long download needs.
 */
public final class HttpRangeOpener implements ResumableInputStream.Opener {

    /** Where to download from; a signed URL can be renewed. */
    public interface Location {
        URI uri() throws IOException;

        /** Replaces the URL by a fresh one; false when it cannot be renewed. */
        default boolean renew() throws IOException {
            return false;
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final Location location;
    private final Map<String, String> headers;
    private final String what;
    private HttpResponse<InputStream> firstResponse;

    /**
     * @param headers extra request headers (never sent to another host by redirects: the JDK client drops none,
     *                so give only headers meant for this URL)
     * @param what    names the download in messages
     */
    public HttpRangeOpener(HttpClient client, Location location, Map<String, String> headers, String what) {
        this.client = client;
        this.location = location;
        this.headers = Map.copyOf(headers);
        this.what = what;
    }

    /** The headers of the first response, once opened (Last-Modified, ETag, Content-Length). */
    public HttpResponse<InputStream> firstResponse() {
        return firstResponse;
    }

    @Override
    public ResumableInputStream.Part open(long offset, ResumableInputStream.Part first) throws IOException {
        boolean renewed = false;
        while (true) {
            URI uri = location.uri();
            HttpResponse<InputStream> response = send(request(uri, offset, first));
            int status = response.statusCode();
            if (status == 200 || status == 206) {
                if (firstResponse == null) {
                    firstResponse = response;
                }
                return part(response);
            }
            String body = Http.errorBody(response);
            String detail = "HTTP " + status + (Http.xmlError(body) == null ? "" : " " + Http.xmlError(body));
            if ((status == 401 || status == 403) && !renewed && location.renew()) {
                renewed = true;
                continue;
            }
            if (status == 408 || status == 429 || status >= 500) {
                throw new IOException(detail);
            }
            if (status == 404 || status == 410) {
                throw new UserError("Not found: " + what + " at " + Http.display(uri) + " (" + detail + ")");
            }
            if (status == 401 || status == 403) {
                throw new UserError("Access to " + what + " at " + Http.display(uri) + " was refused (" + detail
                        + "): check the credentials or headers, or whether a signed URL has expired");
            }
            if (status == 416) {
                throw new Fault("The server refused to resume " + what + " at byte " + offset + " (" + detail
                        + "): the backup changed while downloading?");
            }
            throw new Fault("Unexpected answer downloading " + what + " from " + Http.display(uri) + ": " + detail);
        }
    }

    private HttpRequest request(URI uri, long offset, ResumableInputStream.Part first) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Http.RESPONSE_TIMEOUT)
                .header("User-Agent", Http.userAgent());
        headers.forEach(request::header);
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
            if (first != null && first.version() != null && !first.version().startsWith("W/")) {
                request.header("If-Range", first.version());
            }
        }
        return request.build();
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while downloading " + what);
        } catch (IllegalArgumentException e) {
            throw new UserError("Cannot download " + what + ": " + e.getMessage());
        }
    }

    private static ResumableInputStream.Part part(HttpResponse<InputStream> response) {
        String version = response.headers().firstValue("ETag")
                .or(() -> response.headers().firstValue("Last-Modified")).orElse(null);
        if (response.statusCode() == 206) {
            Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (range.matches()) {
                Long total = range.group(3).equals("*") ? null : Long.valueOf(range.group(3));
                return new ResumableInputStream.Part(response.body(), Long.parseLong(range.group(1)), total, version);
            }
        }
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        Long total = length.isPresent() && response.statusCode() == 200 ? length.getAsLong() : null;
        return new ResumableInputStream.Part(response.body(), 0, total, version);
    }
}
