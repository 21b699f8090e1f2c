package io.camelstable.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback HTTP server that reads each request and never answers: it waits on the connection until the client
 * closes it, and counts that. It tells a test that a cancelled call was really aborted (the client went away),
 * which an answering server cannot see. It serves at most {@code max} connections.
 */
public final class HangingHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch arrived;
    private final CountDownLatch clientsGone;

    /** @param max connections to accept, each counted once when it arrives and once when its client leaves */
    public HangingHttpServer(int max) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        arrived = new CountDownLatch(max);
        clientsGone = new CountDownLatch(max);
        Thread acceptor = new Thread(() -> {
            for (int i = 0; i < max; i++) {
                try {
                    Socket s = socket.accept();
                    open.add(s);
                    Thread reader = new Thread(() -> hang(s), "hanging-server-connection");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "hanging-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void hang(Socket s) {
        try (InputStream in = s.getInputStream()) {
            int matched = 0;
            byte[] end = { '\r', '\n', '\r', '\n' };
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
            arrived.countDown();
            // nothing is ever sent back: the next read ends only when the client closes the connection
            while (in.read() >= 0) {
                // a body, if any, is ignored
            }
        } catch (IOException reset) {
            // the client reset the connection: gone as well
        }
        clientsGone.countDown();
    }

    /** @return the base URL */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** @return counted down when a request has been read */
    public CountDownLatch arrived() {
        return arrived;
    }

    /** @return counted down when a client has closed its connection */
    public CountDownLatch clientsGone() {
        return clientsGone;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
