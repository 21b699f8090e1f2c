package io.camelstable.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.component.StableComponent;
import io.camelstable.gateway.Gateway;
import io.camelstable.gateway.GatewayDefinition;
import io.camelstable.gateway.GatewayResult;
import io.vertx.core.VertxOptions;
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
 * The gateway against its ideal and against a direct baseline, as a {@code main}: {@code items} request items to a
 * loopback server that answers after 5 ms, with {@code maxConcurrentRequests=100}, so the ideal total is
 * {@code items / 100 × 5 ms} (500 ms for 10,000). The baseline sends the same requests through the same delegate
 * endpoint (the same HTTP client), 100 in flight, with no gateway and no engine. Each measured round runs both,
 * the order alternating, after warm-up rounds that are not reported; the summary gives medians and ranges, the
 * JVM's peak live threads, the process CPU per request and the load average.
 * <p>
 * Arguments: {@code rounds} (default 8), {@code items} (10000), then {@code key=value} settings:
 * {@code delegates} ({@code vertx}, {@code http} or {@code vertx,http}: vertx-http, non-blocking, or camel-http,
 * blocking, whose baseline is sent from as many threads as the concurrency), {@code warmups} (3),
 * {@code clientLoops} (Vert.x event loops of the vertx-http client, 1), {@code clientWorkers} (its worker threads, which
 * run Camel's side of each response, 1), {@code serverLoops} (2: the server's share of the work is split over both cores), {@code nativeTransport}
 * (true: Netty's epoll transport on both sides where available), {@code sides} ({@code both}, or {@code gateway} or
 * {@code direct} alone, to profile one), {@code showThreads} (false: true prints the CPU per item of each group
 * of threads). Bounded: every run has a 5 minute limit.
 */
public final class GatewayThroughput {

    private static final int CONCURRENCY = 100;
    private static final long LATENCY_MS = 5;

    private final CamelContext context;
    private final int items;

    private GatewayThroughput(CamelContext context, int items) {
        this.context = context;
        this.items = items;
    }

    /**
     * @param  args      rounds, items, then key=value settings (see the class comment)
     * @throws Exception when Camel or the server fails
     */
    public static void main(String[] args) throws Exception {
        int status = 1;
        try {
            run(args);
            status = 0;
        } finally {
            // a failure must not leave Vert.x's non-daemon event loops keeping the JVM alive
            System.exit(status);
        }
    }

    private static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Map<String, String> settings = new LinkedHashMap<>(Map.of("delegates", "vertx", "warmups", "3", "clientLoops", "1", "clientWorkers", "1",
                "serverLoops", "2", "nativeTransport", "true", "sides", "both", "showThreads", "false"));
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2 || !settings.containsKey(kv[0])) {
                throw new IllegalArgumentException("Unknown setting '" + args[i] + "'; allowed: " + settings.keySet());
            }
            settings.put(kv[0], kv[1]);
        }
        boolean nativeTransport = Boolean.parseBoolean(settings.get("nativeTransport"));
        double idealMs = (double) items / CONCURRENCY * LATENCY_MS;
        try (SlowHttpServer server = new SlowHttpServer(LATENCY_MS, Integer.parseInt(settings.get("serverLoops")),
                nativeTransport)) {
            CamelContext context = new DefaultCamelContext();
            VertxHttpComponent vertxHttp = context.getComponent("vertx-http", VertxHttpComponent.class);
            vertxHttp.setVertxOptions(new VertxOptions().setPreferNativeTransport(nativeTransport)
                    .setEventLoopPoolSize(Integer.parseInt(settings.get("clientLoops")))
                    .setWorkerPoolSize(Integer.parseInt(settings.get("clientWorkers")))
                    .setInternalBlockingPoolSize(1));
            // one kept-alive connection per request in flight; no more are ever needed
            vertxHttp.setWebClientOptions(new WebClientOptions().setMaxPoolSize(CONCURRENCY).setKeepAlive(true));
            HttpComponent http = context.getComponent("http", HttpComponent.class);
            http.setConnectionsPerRoute(CONCURRENCY);
            http.setMaxTotalConnections(CONCURRENCY);
            // a blocking delegate holds a worker per item in flight: give it as many as the concurrency
            boolean blocking = Arrays.asList(settings.get("delegates").split(",")).contains("http");
            if (blocking) {
                context.getComponent("stable", StableComponent.class).setWorkerPoolSize(CONCURRENCY + 8);
            }
            context.start();
            System.out.printf(Locale.ROOT, "%d items, maxConcurrentRequests=%d, %d ms latency: ideal %.0f ms; %s;"
                    + " worker pool sized for a blocking delegate: %s; %d cores; load average %s%n", items, CONCURRENCY, LATENCY_MS,
                    idealMs, settings, blocking, Runtime.getRuntime().availableProcessors(), loadAverage());
            GatewayThroughput bench = new GatewayThroughput(context, items);
            for (String name : settings.get("delegates").split(",")) {
                String delegate = switch (name) {
                    case "vertx" -> "vertx-http:" + server.url();
                    case "http" -> server.url();
                    default -> throw new IllegalArgumentException("delegates: '" + name + "' is neither vertx nor http");
                };
                bench.measure(name, delegate, server, rounds, Integer.parseInt(settings.get("warmups")), idealMs,
                        settings.get("sides"), Boolean.parseBoolean(settings.get("showThreads")));
            }
            context.stop();
        }
    }

    private void measure(String name, String delegate, SlowHttpServer server, int rounds, int warmups, double idealMs,
            String sides, boolean showThreads) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os
                = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        GatewayDefinition definition = Gateway.define("bench-" + name).maxConcurrentRequests(CONCURRENCY);
        for (int i = 0; i < items; i++) {
            definition.request("item-" + i, delegate);
        }
        AsyncProducer plain = context.getEndpoint(delegate).createAsyncProducer();
        ServiceHelper.startService(plain);
        List<double[]> measured = new ArrayList<>();
        int peakThreads = 0;
        try (Gateway gateway = definition.build(context)) {
            for (int round = 1 - warmups; round <= rounds; round++) {
                boolean directFirst = (round & 1) == 1;
                double[] run = new double[6]; // gateway ms, direct ms, gateway CPU µs/item, direct CPU µs/item, gateway GCs, direct GCs
                for (int side = 0; side < 2; side++) {
                    boolean direct = (side == 0) == directFirst;
                    if (!sides.equals("both") && direct != sides.equals("direct")) {
                        continue; // profiling one side only
                    }
                    threads.resetPeakThreadCount();
                    server.takeMaxInFlight();
                    Map<String, Long> threadCpu = threadCpu(threads, server.threadIds());
                    long cpu = os.getProcessCpuTime();
                    long gcs = gcCount();
                    long start = System.nanoTime();
                    int ok = direct ? sendDirectly(plain, name.equals("http")) : succeeded(gateway.execute((Object) null).get(5, TimeUnit.MINUTES));
                    double ms = (System.nanoTime() - start) / 1e6;
                    int at = direct ? 1 : 0;
                    run[at] = ms;
                    run[2 + at] = (os.getProcessCpuTime() - cpu) / 1e3 / items;
                    run[4 + at] = gcCount() - gcs;
                    if (showThreads && round > 0) {
                        System.out.printf(Locale.ROOT, "  %s CPU us/item by thread: %s%n", direct ? "direct" : "gateway",
                                cpuPerItem(threadCpu, threadCpu(threads, server.threadIds())));
                    }
                    if (ok != items) {
                        System.out.printf(Locale.ROOT, "  %s %s: only %d of %d succeeded%n", name, direct ? "direct" : "gateway",
                                ok, items);
                    }
                    if (round > 0 && !direct) {
                        peakThreads = Math.max(peakThreads, threads.getPeakThreadCount());
                    }
                    int maxInFlight = server.takeMaxInFlight();
                    if (maxInFlight > CONCURRENCY) {
                        System.out.printf(Locale.ROOT, "  %d requests in flight at the server, more than %d%n", maxInFlight,
                                CONCURRENCY);
                    }
                }
                System.out.printf(Locale.ROOT, "%s %s %d: gateway %6.1f ms (%.3f x ideal, %.3f x direct), direct %6.1f ms"
                        + " (%.3f x ideal); CPU us/item gateway %.1f, direct %.1f; GCs %d/%d; peak live threads (last run) %d; load %s%n",
                        name, round > 0 ? "round" : "warm-up", round > 0 ? round : round + warmups, run[0], run[0] / idealMs,
                        run[0] / run[1], run[1], run[1] / idealMs, run[2], run[3], (int) run[4], (int) run[5],
                        threads.getPeakThreadCount(), loadAverage());
                if (round > 0) {
                    measured.add(run);
                }
            }
        } finally {
            ServiceHelper.stopService(plain);
        }
        System.out.printf(Locale.ROOT, "%s summary over %d rounds, median (min-max): gateway %s ms = %s x ideal;"
                + " direct %s ms = %s x ideal; gateway / direct (same round) %s; CPU us/item gateway %s, direct %s;"
                + " peak live threads during the gateway runs %d%n", name, measured.size(), stat(measured, r -> r[0], 1),
                stat(measured, r -> r[0] / idealMs, 3), stat(measured, r -> r[1], 1), stat(measured, r -> r[1] / idealMs, 3),
                stat(measured, r -> r[0] / r[1], 3), stat(measured, r -> r[2], 1), stat(measured, r -> r[3], 1), peakThreads);
    }

    private static int succeeded(GatewayResult result) {
        result.getItems().stream().filter(i -> !i.isSuccess()).limit(1)
                .forEach(i -> System.out.println("  first failure: " + i.getError()));
        return result.getMetrics().successfulRequests();
    }

    /**
     * The baseline: {@code items} exchanges straight to the delegate's producer, {@value #CONCURRENCY} in flight.
     * Each of {@value #CONCURRENCY} chains sends its next request when the previous one ends, in the thread that
     * reported the end, as the gateway launches; a blocking producer holds its chain's thread, so each chain gets
     * a thread of its own.
     */
    private int sendDirectly(AsyncProducer producer, boolean blocking) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(items);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        Runnable[] sendNext = new Runnable[1];
        sendNext[0] = () -> {
            while (next.getAndIncrement() < items) {
                Exchange exchange = new DefaultExchange(context);
                boolean sync = producer.process(exchange, doneSync -> {
                    if (exchange.getException() == null) {
                        ok.incrementAndGet();
                    }
                    done.countDown();
                    if (!doneSync) {
                        sendNext[0].run();
                    }
                });
                if (!sync) {
                    return; // the callback goes on with this chain
                }
            }
        };
        List<Thread> chains = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            if (blocking) {
                Thread chain = new Thread(sendNext[0], "direct-" + i);
                chain.start();
                chains.add(chain);
            } else {
                sendNext[0].run();
            }
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("baseline did not finish");
        }
        for (Thread chain : chains) {
            chain.join(TimeUnit.MINUTES.toMillis(1));
        }
        return ok.get();
    }

    /** CPU time so far per thread group (the name without its numbers), to see where the time goes. */
    private static Map<String, Long> threadCpu(ThreadMXBean threads, Set<Long> serverThreads) {
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                String side = serverThreads.contains(info.getThreadId()) ? "server " : "";
                cpu.merge(side + info.getThreadName().replaceAll("[0-9]+", "#"), nanos, Long::sum);
            }
        }
        return cpu;
    }

    private String cpuPerItem(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder out = new StringBuilder();
        after.forEach((group, nanos) -> {
            double us = (nanos - before.getOrDefault(group, 0L)) / 1e3 / items;
            if (us >= 0.5) {
                out.append(String.format(Locale.ROOT, "%s %.1f; ", group, us));
            }
        });
        return out.toString();
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static String stat(List<double[]> runs, java.util.function.ToDoubleFunction<double[]> of, int decimals) {
        double[] v = runs.stream().mapToDouble(of).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "-" + f + ")", median, v[0], v[v.length - 1]);
    }
}
