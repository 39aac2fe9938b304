import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;

/**
 * A plain static file server for the benchmarks, run from source with nothing but a JDK:
 * {@code java bench/StaticFileServer.java DIR PORT}. It streams files the way S3 and ordinary web
 * servers do (Content-Length, ETag, Last-Modified, {@code Range: bytes=N-} answered with 206) and
 * never holds a file in memory, so curl and the plugin read the same bytes at the same speed.
 */
public final class StaticFileServer {
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> serve(root, exchange));
        server.start();
        System.out.println("serving " + root + " on http://127.0.0.1:" + args[1] + "/");
    }

    private static void serve(Path root, HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            var headers = exchange.getResponseHeaders();
            headers.set("ETag", "\"" + size + "-" + Files.getLastModifiedTime(file).toMillis() + "\"");
            headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC)));
            headers.set("Accept-Ranges", "bytes");
            headers.set("Content-Type", "application/octet-stream");
            if (exchange.getRequestMethod().equals("HEAD")) {
                headers.set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            long from = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null && range.matches("bytes=\\d+-")) {
                from = Long.parseLong(range.substring(6, range.length() - 1));
                headers.set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
                exchange.sendResponseHeaders(206, size - from);
            } else {
                exchange.sendResponseHeaders(200, size);
            }
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.skipNBytes(from);
                in.transferTo(out);
            }
        }
    }
}
