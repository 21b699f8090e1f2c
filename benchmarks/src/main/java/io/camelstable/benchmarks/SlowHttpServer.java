package io.camelstable.benchmarks;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A Vert.x HTTP server on 127.0.0.1 that answers every request with 200 {@code ok} after a fixed latency, on
 * its event loops (a timer per request, no thread per request): it keeps up with tens of thousands of requests
 * a second on two cores, where the JDK's server here both fell behind and dropped kept-alive connections.
 */
public final class SlowHttpServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /**
     * @param  latencyMillis how long each request waits for its answer
     * @throws Exception     when the server cannot listen
     */
    public SlowHttpServer(long latencyMillis) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            vertx.setTimer(latencyMillis, t -> {
                inFlight.decrementAndGet();
                request.response().putHeader("Content-Type", "text/plain").end("ok");
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** @return the URL every path of which answers slowly */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/slow";
    }

    /** @return the most requests in flight at once since the last call, then resets it */
    public int takeMaxInFlight() {
        return maxInFlight.getAndSet(0);
    }

    @Override
    public void close() throws IOException {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot close the server: " + e.getMessage(), e);
        }
    }
}
