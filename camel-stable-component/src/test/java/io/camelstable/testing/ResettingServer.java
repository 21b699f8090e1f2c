package io.camelstable.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback socket that accepts connections and resets them at once (SO_LINGER 0), like a crashing
 * backend. It stops after {@code max} connections or when closed.
 */
public final class ResettingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    /** @param max connections to reset before stopping */
    public ResettingServer(int max) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (accepted.get() < max && !socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    s.setSoLinger(true, 0);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "resetting-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the base URL */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** @return connections accepted and reset so far */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
