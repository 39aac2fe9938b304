package dev.dbrestore.source.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that breaks connections like a flaky network:
 * after a GET whose first line contains {@code trigger} (or, for a trigger like {@code "PUT partNumber="},
 * a request of that method whose line contains the rest), it forwards only {@code cutAfter}
 * bytes of the answer and then closes both sides, for the next {@code cuts} such requests. A hook
 * runs at each cut, before the client sees the connection drop (e.g. to replace the object meanwhile).
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final String trigger;
    private final long cutAfter;
    private final AtomicInteger cutsLeft;
    private final AtomicInteger cutsDone = new AtomicInteger();
    private final Runnable afterCut;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    CuttingProxy(int targetPort, String trigger, long cutAfter, int cuts, Runnable afterCut) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.trigger = trigger;
        this.cutAfter = cutAfter;
        this.cutsLeft = new AtomicInteger(cuts);
        this.afterCut = afterCut;
        daemon(this::accept, "cutting-proxy-accept");
    }

    private static final java.util.regex.Pattern REQUEST_LINE = java.util.regex.Pattern.compile("(GET|HEAD|PUT|POST|DELETE) /");

    /** A trigger "PUT partNumber=" cuts the answers to such PUTs; a trigger without a method, GETs only. */
    private boolean triggers(String line) {
        int space = trigger.indexOf(' ');
        if (space > 0 && REQUEST_LINE.matcher(trigger.substring(0, space + 1) + "/").lookingAt()) {
            return line.startsWith(trigger.substring(0, space + 1)) && line.contains(trigger.substring(space + 1));
        }
        return line.startsWith("GET ") && line.contains(trigger);
    }

    int port() {
        return listener.getLocalPort();
    }

    int cutsDone() {
        return cutsDone.get();
    }

    /** The first line of every request that went through, e.g. {@code GET /bucket/key HTTP/1.1}. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection(client, server);
                daemon(connection::upstream, "cutting-proxy-up");
                daemon(connection::downstream, "cutting-proxy-down");
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One client connection and its server connection. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile long cutAt = -1;
        private long downstreamBytes;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void upstream() {
            byte[] buffer = new byte[16384];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    if (REQUEST_LINE.matcher(text).lookingAt()) {
                        String line = text.substring(0, Math.max(0, text.indexOf('\r')));
                        requestLines.add(line);
                        if (triggers(line) && cutsLeft.getAndDecrement() > 0) {
                            synchronized (this) {
                                cutAt = downstreamBytes + cutAfter;
                            }
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                closeBoth();
            }
        }

        void downstream() {
            byte[] buffer = new byte[16384];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    long limit;
                    synchronized (this) {
                        limit = cutAt < 0 ? n : Math.min(n, cutAt - downstreamBytes);
                        downstreamBytes += Math.max(0, limit);
                    }
                    if (limit > 0) {
                        out.write(buffer, 0, (int) limit);
                        out.flush();
                    }
                    if (limit < n) {
                        afterCut.run();
                        cutsDone.incrementAndGet();
                        closeBoth();
                        return;
                    }
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            quietly(client);
            quietly(server);
        }
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CuttingProxy::quietly);
    }
}
