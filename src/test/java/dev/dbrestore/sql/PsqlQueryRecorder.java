package dev.dbrestore.sql;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A loopback proxy in front of the test server that writes down the text of every simple Query
 * message a client sends: run psql through it and the list is exactly how psql split its script,
 * whatever psql's version. Everything else passes through unchanged (authentication too); an SSL
 * or GSS encryption request is answered "no", so the stream stays readable.
 */
final class PsqlQueryRecorder implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final ServerSocket listener;
    private final String serverHost;
    private final int serverPort;
    private final List<String> queries = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    PsqlQueryRecorder(String serverHost, int serverPort) throws IOException {
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "query-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The Query messages so far, in the order they were sent. */
    List<String> queries() {
        synchronized (queries) {
            return List.copyOf(queries);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(serverHost, serverPort);
                sockets.add(client);
                sockets.add(server);
                start(() -> server.getInputStream().transferTo(client.getOutputStream()));
                start(() -> recordClient(client.getInputStream(), server.getOutputStream(), client.getOutputStream()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void start(Pump pump) {
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException e) {
                // the connection ended
            }
        }, "query-recorder-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void recordClient(InputStream fromClient, OutputStream toServer, OutputStream toClient) throws IOException {
        DataInputStream in = new DataInputStream(fromClient);
        while (true) {
            int length = in.readInt();
            byte[] body = in.readNBytes(length - 4);
            int code = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
            if (code != SSL_REQUEST && code != GSS_REQUEST) {
                writeMessage(toServer, null, body);
                break;
            }
            toClient.write('N');
            toClient.flush();
        }
        while (true) {
            int type = in.read();
            if (type < 0) {
                toServer.close();
                return;
            }
            byte[] body = in.readNBytes(in.readInt() - 4);
            if (type == 'Q') {
                queries.add(new String(body, 0, body.length - 1, StandardCharsets.UTF_8));
            }
            writeMessage(toServer, (byte) type, body);
        }
    }

    private static void writeMessage(OutputStream out, Byte type, byte[] body) throws IOException {
        if (type != null) {
            out.write(type);
        }
        int length = body.length + 4;
        out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        out.write(body);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
