package io.camelstable.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.component.StableComponent;
import io.camelstable.gateway.Gateway;
import io.camelstable.gateway.GatewayDefinition;
import io.camelstable.gateway.GatewayResult;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The gateway against its ideal: {@code items} request items to a loopback server that answers after 5 ms,
 * with {@code maxConcurrentRequests=100}, so the ideal total is {@code items / 100 × 5 ms} (500 ms for 10,000).
 * As a baseline in the same process, the same requests sent straight to the vertx-http endpoint, 100 in flight,
 * with no gateway and no engine (camel-http's producer blocks its caller, so it has no such baseline). Two delegates: vertx-http (non-blocking: an item in flight holds no thread)
 * and camel-http (blocking: each item in flight holds a worker thread, so the worker pool is sized to the
 * concurrency). Prints each round's time, its ratio to the ideal and to the baseline, and the JVM's peak live
 * threads. Bounded: {@code rounds} runs of each.
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
        try (SlowHttpServer server = new SlowHttpServer(LATENCY_MS)) {
            CamelContext context = new DefaultCamelContext();
            context.getComponent("vertx-http", VertxHttpComponent.class)
                    .setWebClientOptions(new WebClientOptions().setMaxPoolSize(CONCURRENCY * 2));
            HttpComponent http = context.getComponent("http", HttpComponent.class);
            http.setConnectionsPerRoute(CONCURRENCY * 2);
            http.setMaxTotalConnections(CONCURRENCY * 2);
            // a blocking delegate holds a worker per item in flight: give it as many as the concurrency
            context.getComponent("stable", StableComponent.class).setWorkerPoolSize(CONCURRENCY + 8);
            context.start();
            System.out.printf(Locale.ROOT, "%d items, maxConcurrentRequests=%d, %d ms latency: ideal %.0f ms%n", items,
                    CONCURRENCY, LATENCY_MS, idealMs);
            for (String delegate : new String[] { "vertx-http:" + server.url(), server.url() }) {
                String name = delegate.startsWith("vertx") ? "vertx-http" : "camel-http";
                GatewayDefinition definition = Gateway.define("bench").maxConcurrentRequests(CONCURRENCY);
                for (int i = 0; i < items; i++) {
                    definition.request("item-" + i, delegate);
                }
                AsyncProducer plain = context.getEndpoint(delegate).createAsyncProducer();
                ServiceHelper.startService(plain);
                try (Gateway gateway = definition.build(context)) {
                    gateway.execute((Object) null).get(5, TimeUnit.MINUTES); // warm-up, not reported
                    boolean async = name.equals("vertx-http");
                    if (async) {
                        sendDirectly(context, plain, items);
                    }
                    for (int round = 1; round <= rounds; round++) {
                        long start = System.nanoTime();
                        int ok = async ? sendDirectly(context, plain, items) : 0;
                        double baselineMs = async ? (System.nanoTime() - start) / 1e6 : Double.NaN;
                        threads.resetPeakThreadCount();
                        server.takeMaxInFlight();
                        start = System.nanoTime();
                        GatewayResult result = gateway.execute((Object) null).get(5, TimeUnit.MINUTES);
                        double ms = (System.nanoTime() - start) / 1e6;
                        System.out.printf(Locale.ROOT, "%s round %d: gateway %7.1f ms = %.3f x ideal, %.3f x direct"
                                + " (%.1f ms, %d ok); %d/%d ok, max in flight at server %d, peak live threads %d%n",
                                name, round, ms, ms / idealMs, ms / baselineMs, baselineMs, ok,
                                result.getMetrics().successfulRequests(), items, server.takeMaxInFlight(),
                                threads.getPeakThreadCount());
                        result.getItems().stream().filter(i -> !i.isSuccess()).limit(1)
                                .forEach(i -> System.out.println("  first failure: " + i.getError()));
                    }
                } finally {
                    ServiceHelper.stopService(plain);
                }
            }
            context.stop();
        }
    }

    /** The baseline: {@code count} exchanges straight to the delegate, {@value #CONCURRENCY} in flight. */
    private static int sendDirectly(CamelContext context, AsyncProducer producer, int count) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        Runnable[] sendNext = new Runnable[1];
        sendNext[0] = () -> {
            if (next.getAndIncrement() >= count) {
                return;
            }
            Exchange exchange = new DefaultExchange(context);
            producer.process(exchange, doneSync -> {
                if (exchange.getException() == null) {
                    ok.incrementAndGet();
                }
                done.countDown();
                sendNext[0].run();
            });
        };
        for (int i = 0; i < CONCURRENCY; i++) {
            sendNext[0].run(); // each starts a chain that sends the next request when one ends
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("baseline did not finish");
        }
        return ok.get();
    }
}
