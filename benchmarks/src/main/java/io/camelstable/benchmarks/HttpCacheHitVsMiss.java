package io.camelstable.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Loopback HTTP: the cache hit path of {@code stable:request:http} against its miss path (every request a
 * new key, so each one goes to the server and is stored), with 8 client threads, in alternating rounds in one
 * process. Bounded: {@code requests} per round, stops by itself. Arguments: rounds requests clients.
 */
public final class HttpCacheHitVsMiss {

    private HttpCacheHitVsMiss() {
    }

    /**
     * @param  args      rounds (default 6), requests per round (20000), client threads (8)
     * @throws Exception when Camel or the server fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (LoopbackHttpServer server = new LoopbackHttpServer(8)) {
            CamelContext context = new DefaultCamelContext();
            String base = "stable:request:" + server.okUrl();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:hit").to(base + "?cacheEnabled=true&cacheMaxSize=100000");
                    // one endpoint, a fresh query per request (CamelHttpQuery): always a miss, a call and a store
                    from("direct:miss").setHeader("CamelHttpQuery", simple("n=${header.n}"))
                            .to(base + "?cacheEnabled=true&cacheMaxSize=100000&cache=misses");
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            AtomicInteger key = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int round = 0; round < rounds; round++) {
                for (String route : round % 2 == 0 ? new String[] { "hit", "miss" } : new String[] { "miss", "hit" }) {
                    long start = System.nanoTime();
                    Future<?>[] futures = new Future<?>[clients];
                    for (int c = 0; c < clients; c++) {
                        futures[c] = pool.submit(() -> {
                            for (int i = 0; i < requests / clients; i++) {
                                template.requestBodyAndHeader("direct:" + route, null, "n", key.incrementAndGet(), String.class);
                            }
                        });
                    }
                    for (Future<?> f : futures) {
                        f.get(5, TimeUnit.MINUTES);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("round %d %-4s %,10.0f req/s%n", round, route, requests / seconds);
                }
            }
            pool.shutdown();
            context.stop();
        }
    }
}
