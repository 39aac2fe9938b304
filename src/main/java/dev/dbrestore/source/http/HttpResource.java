package dev.dbrestore.source.http;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * An http(s) resource that can be read whole or from an offset (for {@link ResumableStream}).
 * Its URL may be signed: it is never put into a message as it is (the Redactor strips query strings).
 *
 * <p>Downloads use {@link HttpURLConnection}: streaming a gigabyte through it costs about a fifth of
 * the CPU that {@code java.net.http.HttpClient}'s body publisher does (0.5 s against 2.4–3.1 s per
 * GB measured here), CPU the restore's pg_restore and server processes need on a small machine.
 * The JSON APIs ({@link #client()}) keep the newer client.
 */
public final class HttpResource implements ResumableStream.Opener {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /** A backstop only: ResumableStream's watchdog notices a stalled body much sooner. */
    private static final int READ_TIMEOUT_MILLIS = 10 * 60_000;
    private static final int MAX_REDIRECTS = 5;

    private final URI uri;
    private final Map<String, String> headers;
    private final String label;

    public HttpResource(URI uri, Map<String, String> headers, String label) {
        this.uri = uri;
        this.headers = headers == null ? Map.of() : headers;
        this.label = label;
    }

    /** The shared client for small JSON API calls. */
    public static HttpClient client() {
        return CLIENT;
    }

    /** Size, date and version from a HEAD request; empty values when the server does not say. */
    public record Head(Long length, Instant lastModified, String version) {
    }

    public Head head() throws IOException {
        HttpURLConnection connection = connect("HEAD", 0);
        try {
            int status = connection.getResponseCode();
            if (status == 405 || status == 501) {
                return new Head(null, null, null);
            }
            check(status, 0);
            long length = connection.getContentLengthLong();
            return new Head(length < 0 ? null : length, lastModified(connection), version(connection));
        } finally {
            connection.disconnect();
        }
    }

    @Override
    public ResumableStream.Part open(long offset) throws IOException {
        HttpURLConnection connection = connect("GET", offset);
        int status = connection.getResponseCode();
        if ((status != 200 && status != 206) || (offset > 0 && status == 200)) {
            connection.disconnect();
        }
        if (offset > 0 && status == 200) {
            throw new ResumableStream.ResumeRefused("the server ignored the Range request (answered 200, not 206)");
        }
        if (status >= 500 || status == 429) {
            throw new IOException("server answered " + status);
        }
        check(status, offset);
        return new ResumableStream.Part(new Body(connection), totalLength(connection, offset), version(connection));
    }

    /**
     * The first bytes only, as far as they are read, in ranged GETs (for a dump's header and TOC):
     * see {@link HeadStream}. {@code version}, when known, must still be the resource's.
     */
    public HeadStream head(Long size, String version) {
        return new HeadStream((from, length) -> range(from, length, version), size);
    }

    private HeadStream.Window range(long from, long length, String version) throws IOException {
        HttpURLConnection connection = connect("GET", from, from + length - 1);
        int status = connection.getResponseCode();
        if (status == 416) {
            connection.disconnect();
            return null;
        }
        if (status != 200 && status != 206) {
            connection.disconnect();
            check(status, from);
        }
        String now = version(connection);
        if (version != null && now != null && !version.equals(now)) {
            connection.disconnect();
            throw new Fault("The backup " + label + " was replaced after it was listed (its version went from "
                    + version + " to " + now + "). Run again to take the new one.");
        }
        return status == 206 ? new HeadStream.Window(new Body(connection), from, false)
                : new HeadStream.Window(new Body(connection), 0, true);
    }

    private HttpURLConnection connect(String method, long offset) throws IOException {
        return connect(method, offset, -1);
    }

    /** Opens a request, following up to five redirects; configured headers go only to the first host. */
    private HttpURLConnection connect(String method, long offset, long last) throws IOException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            if (sameOrigin(target, uri)) {
                headers.forEach(connection::setRequestProperty);
            }
            if (last >= 0) {
                connection.setRequestProperty("Range", "bytes=" + offset + "-" + last);
            } else if (offset > 0) {
                connection.setRequestProperty("Range", "bytes=" + offset + "-");
            }
            int status = connection.getResponseCode();
            String location = connection.getHeaderField("Location");
            if (status < 300 || status >= 400 || status == 304 || location == null) {
                return connection;
            }
            connection.disconnect();
            if (hop == MAX_REDIRECTS) {
                throw new Fault("Downloading " + label + " failed: more than " + MAX_REDIRECTS + " redirects");
            }
            target = target.resolve(location);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    /** The response body; closing it before the end drops the connection instead of reading the rest. */
    private static final class Body extends FilterInputStream {
        private final HttpURLConnection connection;

        Body(HttpURLConnection connection) throws IOException {
            super(connection.getInputStream());
            this.connection = connection;
        }

        @Override
        public void close() throws IOException {
            try {
                connection.disconnect();
            } finally {
                super.close();
            }
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

    private static Long totalLength(HttpURLConnection connection, long offset) {
        String range = connection.getHeaderField("Content-Range");
        if (range != null) {
            int slash = range.lastIndexOf('/');
            if (slash > 0 && !range.endsWith("*")) {
                return Long.parseLong(range.substring(slash + 1).trim());
            }
        }
        long length = connection.getContentLengthLong();
        return length < 0 ? null : length + offset;
    }

    private static String version(HttpURLConnection connection) {
        String etag = connection.getHeaderField("ETag");
        return etag != null ? etag : connection.getHeaderField("Last-Modified");
    }

    private static Instant lastModified(HttpURLConnection connection) {
        String value = connection.getHeaderField("Last-Modified");
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
