package io.camelstable.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.sun.management.ThreadMXBean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Loopback HTTP throughput of plain camel-http against {@code stable:request:http} wrapping the same URL,
 * in one process: warm-up rounds, then measured rounds, each a pair run in alternating order (plain then
 * stable, stable then plain, ...) of a fixed number of requests sent by a fixed number of client threads.
 * Prints per round the requests/s, the client threads' CPU time and bytes allocated per request (these two
 * do not depend on how busy the machine is), and the ratio stable/plain of the throughput; then the ratio
 * over all rounds, and the median and range of the per-round ratios.
 * Every loop is bounded; only 127.0.0.1 is contacted.
 * <p>
 * Arguments (all optional): measured rounds (default 8), requests per run (20000), client threads (16),
 * server threads (8), warm-up rounds (4).
 */
public final class HttpThroughput {

    private HttpThroughput() {
    }

    /**
     * @param  args      rounds, requests per round, client threads, server threads
     * @throws Exception when Camel or the server fails to start, or a request fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = arg(args, 0, 8);
        int requests = arg(args, 1, 20_000);
        int clients = arg(args, 2, 16);
        int serverThreads = arg(args, 3, 8);
        int warmups = arg(args, 4, 4);
        CamelContext context = new DefaultCamelContext();
        try (LoopbackHttpServer server = new LoopbackHttpServer(serverThreads)) {
            String url = server.okUrl();
            context.addRoutes(new HttpRoutes(url));
            context.start();
            Producer plain = context.getEndpoint("direct:plain").createProducer();
            Producer stable = context.getEndpoint("direct:stable").createProducer();
            plain.start();
            stable.start();
            System.out.printf(Locale.ROOT, "server %s, %d client threads, %d requests per run, %d warm-up + %d rounds%n",
                    url, clients, requests, warmups, rounds);
            System.out.println("(cpu and alloc: per request, in the client threads only; the server is the same for both)");
            Run plainTotal = Run.ZERO;
            Run stableTotal = Run.ZERO;
            double[] ratios = new double[rounds];
            for (int r = -warmups; r < rounds; r++) {
                // Alternating order, so a drift in machine load or JIT state does not favour one side.
                boolean plainFirst = (r & 1) == 0;
                Run first = run(plainFirst ? plain : stable, requests, clients);
                Run second = run(plainFirst ? stable : plain, requests, clients);
                Run p = plainFirst ? first : second;
                Run s = plainFirst ? second : first;
                print(r < 0 ? "warm-up" : "round " + (r + 1), p, s);
                if (r >= 0) {
                    plainTotal = plainTotal.plus(p);
                    stableTotal = stableTotal.plus(s);
                    ratios[r] = s.perSecond() / p.perSecond();
                }
            }
            print("total", plainTotal, stableTotal);
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "throughput stable/plain over all rounds %.3f, median of rounds %.3f,"
                    + " range %.3f-%.3f%n", stableTotal.perSecond() / plainTotal.perSecond(),
                    (ratios[(rounds - 1) / 2] + ratios[rounds / 2]) / 2, ratios[0], ratios[rounds - 1]);
        } finally {
            context.stop();
        }
    }

    private static void print(String label, Run p, Run s) {
        System.out.printf(Locale.ROOT, "%-8s plain %,7.0f req/s %5.1f us %5.2f KB | stable %,7.0f req/s %5.1f us %5.2f KB"
                + " | stable/plain %.3f%n", label, p.perSecond(), p.cpuMicros(), p.kilobytes(),
                s.perSecond(), s.cpuMicros(), s.kilobytes(), s.perSecond() / p.perSecond());
    }

    /** Requests, wall nanoseconds and client-thread CPU nanoseconds and bytes allocated of one or more runs. */
    private record Run(long requests, long nanos, long cpuNanos, long bytes) {
        static final Run ZERO = new Run(0, 0, 0, 0);

        Run plus(Run o) {
            return new Run(requests + o.requests, nanos + o.nanos, cpuNanos + o.cpuNanos, bytes + o.bytes);
        }

        double perSecond() {
            return requests * 1e9 / nanos;
        }

        double cpuMicros() {
            return cpuNanos / 1e3 / requests;
        }

        double kilobytes() {
            return bytes / 1024.0 / requests;
        }
    }

    /** Sends {@code requests} GETs from {@code clients} threads. */
    private static Run run(Producer producer, int requests, int clients) throws InterruptedException {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        LongAdder cpu = new LongAdder();
        LongAdder bytes = new LongAdder();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(clients);
        for (int t = 0; t < clients; t++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(go);
                long cpu0 = mx.getCurrentThreadCpuTime();
                long bytes0 = mx.getCurrentThreadAllocatedBytes();
                while (next.getAndIncrement() < requests) {
                    if (!send(producer)) {
                        failures.incrementAndGet();
                    }
                }
                cpu.add(mx.getCurrentThreadCpuTime() - cpu0);
                bytes.add(mx.getCurrentThreadAllocatedBytes() - bytes0);
            }, "client-" + t);
            threads.add(thread);
            thread.start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long nanos = System.nanoTime() - start;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + requests + " requests failed");
        }
        return new Run(requests, nanos, cpu.sum(), bytes.sum());
    }

    private static boolean send(Producer producer) {
        Exchange exchange = producer.getEndpoint().createExchange();
        try {
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return exchange.getException() == null && code != null && code == 200
                && "ok".equals(exchange.getMessage().getBody(String.class));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }
}
