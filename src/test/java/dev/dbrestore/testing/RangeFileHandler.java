package dev.dbrestore.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a file the way S3 and ordinary web servers do (Content-Length, ETag, Last-Modified,
 * {@code Range: bytes=N-} and {@code bytes=N-M} answered with 206; the bytes sent are counted), and can misbehave on purpose: close the connection
 * after some bytes of the first {@code failures} responses, or change the ETag after the first
 * response (the object was replaced).
 */
public final class RangeFileHandler {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final Path file;
    public volatile int failures;
    public volatile long dropAfterBytes = Long.MAX_VALUE;
    public volatile boolean changeEtagAfterFirst;
    public volatile boolean ignoreRange;
    public final AtomicInteger requests = new AtomicInteger();
    /** Resumes: requests for {@code bytes=N-}. */
    public final AtomicInteger rangeRequests = new AtomicInteger();
    /** Requests for a bounded range ({@code bytes=N-M}), not counted in {@link #requests}. */
    public final AtomicInteger headReads = new AtomicInteger();
    /** Body bytes written to clients, whole or ranged. */
    public final AtomicLong bytesSent = new AtomicLong();

    public RangeFileHandler(Path file) {
        this.file = file;
    }

    public void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        boolean headRead = m != null && m.matches() && !m.group(2).isEmpty();
        // a head read (a bounded range: the archive header and TOC) is served faithfully and does not count
        // as a request of the download, so failures and changeEtagAfterFirst still hit the download
        int n = exchange.getRequestMethod().equals("HEAD") || headRead ? requests.get() : requests.incrementAndGet();
        if (headRead) {
            headReads.incrementAndGet();
        }
        byte[] bytes = Files.readAllBytes(file);
        String etag = "\"v1-" + bytes.length + "\"";
        if (changeEtagAfterFirst && n > 1) {
            etag = "\"v2-" + bytes.length + "\"";
        }
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Last-Modified", "Tue, 30 Jun 2020 10:00:00 GMT");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(bytes.length));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        long from = 0;
        long end = bytes.length;
        if (m != null && m.matches() && !ignoreRange) {
            from = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? bytes.length : Math.min(bytes.length, Long.parseLong(m.group(2)) + 1);
            if (!headRead) {
                rangeRequests.incrementAndGet();
            }
            if (from >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (end - 1) + "/" + bytes.length);
            exchange.sendResponseHeaders(206, end - from);
        } else {
            exchange.sendResponseHeaders(200, bytes.length);
        }
        boolean fail = n <= failures && !headRead;
        long limit = fail ? Math.min(dropAfterBytes, end - from - 1) : end - from;
        OutputStream out = exchange.getResponseBody();
        try {
            // in pieces, each counted once written: a client that hangs up early is charged what it was sent
            for (long sent = 0; sent < limit; ) {
                int piece = (int) Math.min(16 * 1024, limit - sent);
                out.write(bytes, (int) (from + sent), piece);
                sent += piece;
                bytesSent.addAndGet(piece);
            }
            out.flush();
            if (!fail) {
                out.close();
            }
        } catch (IOException clientWentAway) {
            // nothing to do: the exchange is closed below
        }
        // On a short fixed-length body, closing the exchange makes the server close the connection:
        // the client sees fewer bytes than Content-Length promised, as after a network drop.
        exchange.close();
    }
}
