package io.camelstable.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.camelstable.gateway.Gateway;
import io.camelstable.gateway.GatewayDefinition;
import io.camelstable.gateway.GatewayResult;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The gateway against its ideal: {@code items} request items to a loopback server that answers after 5 ms, with
 * {@code maxConcurrentRequests=100}, so the ideal total is {@code items / 100 × 5 ms} (500 ms for 10,000).
 * Two delegates: vertx-http (non-blocking: an item in flight holds no thread) and camel-http (blocking: each item
 * in flight holds a worker thread, so the worker pool is sized to the concurrency). Prints the time per round,
 * its ratio to the ideal, and the JVM's peak live threads. Bounded: {@code rounds} runs per delegate.
 */
public final class GatewayThroughput {

    private static final int CONCURRENCY = 100;
    private static final long LATENCY_MS = 5;

    private GatewayThroughput() {
    }

    /**
     * @param  args      rounds (default 5), items (10000)
     * @throws Exception when Camel or the server fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        double idealMs = (double) items / CONCURRENCY * LATENCY_MS;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (LoopbackHttpServer server = new LoopbackHttpServer(4)) {
            server.setLatencyMillis(LATENCY_MS);
            CamelContext context = new DefaultCamelContext();
            WebClientOptions vertxOptions = new WebClientOptions().setMaxPoolSize(CONCURRENCY * 2);
            context.getComponent("vertx-http", VertxHttpComponent.class).setWebClientOptions(vertxOptions);
            HttpComponent http = context.getComponent("http", HttpComponent.class);
            http.setConnectionsPerRoute(CONCURRENCY * 2);
            http.setMaxTotalConnections(CONCURRENCY * 2);
            // a blocking delegate holds a worker per item in flight: give it as many as the concurrency
            context.getComponent("stable", io.camelstable.component.StableComponent.class).setWorkerPoolSize(CONCURRENCY + 8);
            context.start();
            System.out.printf(Locale.ROOT, "%d items, maxConcurrentRequests=%d, %d ms latency: ideal %.0f ms%n", items,
                    CONCURRENCY, LATENCY_MS, idealMs);
            for (String delegate : new String[] { "vertx-http:" + server.slowUrl(), server.slowUrl() }) {
                GatewayDefinition definition = Gateway.define("bench").maxConcurrentRequests(CONCURRENCY);
                for (int i = 0; i < items; i++) {
                    definition.request("item-" + i, delegate);
                }
                try (Gateway gateway = definition.build(context)) {
                    gateway.execute((Object) null).get(5, TimeUnit.MINUTES); // warm-up round, not reported
                    for (int round = 1; round <= rounds; round++) {
                        threads.resetPeakThreadCount();
                        server.takeMaxInFlight();
                        long start = System.nanoTime();
                        GatewayResult result = gateway.execute((Object) null).get(5, TimeUnit.MINUTES);
                        double ms = (System.nanoTime() - start) / 1e6;
                        System.out.printf(Locale.ROOT,
                                "%-10s round %d: %7.1f ms = %.3f x ideal, %d/%d ok, max in flight at server %d, peak live threads %d%n",
                                delegate.startsWith("vertx") ? "vertx-http" : "camel-http", round, ms, ms / idealMs,
                                result.getMetrics().successfulRequests(), items, server.takeMaxInFlight(),
                                threads.getPeakThreadCount());
                    }
                }
            }
            context.stop();
        }
    }
}
