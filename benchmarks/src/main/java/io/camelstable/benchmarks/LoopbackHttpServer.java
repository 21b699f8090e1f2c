package io.camelstable.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A JDK HTTP server on 127.0.0.1 and a free port, answering {@code GET /ok} with 200 and a two-byte body. */
public final class LoopbackHttpServer implements AutoCloseable {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService pool;

    /**
     * Starts the server.
     *
     * @param  threads     handler threads
     * @throws IOException when the port cannot be bound
     */
    public LoopbackHttpServer(int threads) throws IOException {
        // Without TCP_NODELAY the headers and the body go out as two small segments and the second waits
        // for the client's delayed ACK: about 40 ms per request, which would measure only that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/ok", LoopbackHttpServer::ok);
        server.start();
    }

    private static void ok(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(OK);
            }
        }
    }

    /** @return the URL of the {@code /ok} resource */
    public String okUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ok";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
