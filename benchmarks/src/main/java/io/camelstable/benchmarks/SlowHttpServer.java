package io.camelstable.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * A Vert.x HTTP server on 127.0.0.1 that answers every request with 200 {@code ok} after a fixed latency, on
 * its event loops (a timer per request, no thread per request, no worker threads): it keeps up with tens of
 * thousands of requests a second on two cores, where the JDK's server here both fell behind and dropped
 * kept-alive connections. With Netty's epoll transport (when its native library loads) a timer fires within about
 * 0.1 ms of its time; with the NIO selector it fires up to a millisecond late (median about 0.5 ms).
 */
public final class SlowHttpServer implements AutoCloseable {

    private final Vertx vertx;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final int port;
    private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();

    /**
     * A server on one event loop, on the epoll transport when available.
     *
     * @param  latencyMillis how long each request waits for its answer
     * @throws Exception     when the server cannot listen
     */
    public SlowHttpServer(long latencyMillis) throws Exception {
        this(latencyMillis, 1, true);
    }

    /**
     * @param  latencyMillis   how long each request waits for its answer
     * @param  eventLoops      event loops (one server instance on each, sharing the port)
     * @param  nativeTransport whether to prefer Netty's epoll transport
     * @throws Exception       when the server cannot listen
     */
    public SlowHttpServer(long latencyMillis, int eventLoops, boolean nativeTransport) throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setPreferNativeTransport(nativeTransport));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Vert.x shares a port among the instances that ask for the same one (port 0 would give each its own)
            port = free.getLocalPort();
        }
        try {
            vertx.deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start(Promise<Void> started) {
                    threadIds.add(Thread.currentThread().getId());
                    vertx.createHttpServer().requestHandler(request -> {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        vertx.setTimer(latencyMillis, t -> {
                            inFlight.decrementAndGet();
                            request.response().putHeader("Content-Type", "text/plain").end("ok");
                        });
                    }).listen(port, "127.0.0.1").<Void> mapEmpty().onComplete(started);
                }
            }, new DeploymentOptions().setInstances(eventLoops)).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close(); // its event loops would keep the JVM alive
            throw e;
        }
    }

    /** @return whether the epoll transport is in use */
    public boolean isNativeTransport() {
        return vertx.isNativeTransportEnabled();
    }

    /** @return the ids of the server's event loop threads, to tell its CPU time from the client's */
    public Set<Long> threadIds() {
        return Set.copyOf(threadIds);
    }

    /** @return the URL every path of which answers slowly */
    public String url() {
        return "http://127.0.0.1:" + port + "/slow";
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
