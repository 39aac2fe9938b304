package dev.dbrestore.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one file at {@code /acme.dump} like an object store (ETag, Last-Modified, Content-Length,
 * Authorization required) and can stop in the middle of a body: after {@code holdAfter} bytes it
 * waits until {@link #release()} (so that a test can hit the download with a fault while the
 * restore is streaming). The file served can be replaced at any time ({@link #serve}).
 */
final class HoldingHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final String token;
    private volatile Path file;
    private volatile long holdAfter = Long.MAX_VALUE;
    private volatile CountDownLatch release = new CountDownLatch(0);
    final AtomicInteger holding = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();

    HoldingHttpServer(Path file, String token) throws IOException {
        this.file = file;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/acme.dump", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "holding-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/acme.dump";
    }

    void serve(Path newFile) {
        this.file = newFile;
    }

    /** The next bodies stop after {@code bytes} until {@link #release()}. */
    void holdAfter(long bytes) {
        release = new CountDownLatch(1);
        holdAfter = bytes;
    }

    void release() {
        holdAfter = Long.MAX_VALUE;
        release.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            Path served = file;
            byte[] bytes = Files.readAllBytes(served);
            exchange.getResponseHeaders().set("ETag", "\"" + served.getFileName() + "-" + bytes.length + "\"");
            exchange.getResponseHeaders().set("Last-Modified", "Tue, 30 Jun 2020 10:00:00 GMT");
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(bytes.length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            gets.incrementAndGet();
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            int first = (int) Math.min(holdAfter, bytes.length);
            out.write(bytes, 0, first);
            out.flush();
            if (first < bytes.length) {
                CountDownLatch r = release;
                holding.incrementAndGet();
                try {
                    r.await(90, TimeUnit.SECONDS);
                } finally {
                    holding.decrementAndGet();
                }
                out.write(bytes, first, bytes.length - first);
            }
            out.close();
        } catch (IOException | InterruptedException clientGone) {
            // the client died or went away: nothing to finish
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
