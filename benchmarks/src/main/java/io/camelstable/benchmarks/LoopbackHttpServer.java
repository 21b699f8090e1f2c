package io.camelstable.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server on 127.0.0.1 and a free port, answering {@code GET /ok} with 200 and a two-byte body, and
 * {@code GET /slow} the same after a fixed latency. The latency is a scheduled reply, not a sleeping handler
 * thread, so a hundred slow requests in flight need no hundred server threads.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService pool;
    private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long latencyMicros = 5_000;

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
        server.createContext("/slow", this::slow);
        server.start();
    }

    private void slow(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        replies.schedule(() -> {
            inFlight.decrementAndGet();
            try {
                ok(exchange);
            } catch (IOException e) {
                exchange.close();
            }
        }, latencyMicros, TimeUnit.MICROSECONDS);
    }

    /** @param millis the latency of {@code /slow} */
    public void setLatencyMillis(long millis) {
        latencyMicros = millis * 1000;
    }

    /** @return the most {@code /slow} requests in flight at once since the last reset, then resets it */
    public int takeMaxInFlight() {
        return maxInFlight.getAndSet(0);
    }

    /** @return the URL of the {@code /slow} resource */
    public String slowUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
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
        replies.shutdownNow();
        pool.shutdownNow();
    }
}
