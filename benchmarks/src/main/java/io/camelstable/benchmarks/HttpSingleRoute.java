package io.camelstable.benchmarks;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Sends a fixed number of loopback GETs through one of the two routes of {@link HttpThroughput}, from one
 * thread named {@code client-0}: a run to record with JFR and read with {@link AllocationSites}
 * (operation frame {@code HttpSingleRoute.send}). Arguments: {@code plain} or {@code stable}, requests
 * (default 50000).
 */
public final class HttpSingleRoute {

    private HttpSingleRoute() {
    }

    /**
     * @param  args      route and number of requests
     * @throws Exception when Camel or the server fails to start, or a request fails
     */
    public static void main(String[] args) throws Exception {
        String route = args.length > 0 ? args[0] : "stable";
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        CamelContext context = new DefaultCamelContext();
        try (LoopbackHttpServer server = new LoopbackHttpServer(4)) {
            String url = server.okUrl();
            context.addRoutes(new HttpRoutes(url));
            context.start();
            Producer producer = context.getEndpoint("direct:" + route).createProducer();
            producer.start();
            Thread client = new Thread(() -> {
                for (int i = 0; i < requests; i++) {
                    send(producer);
                }
            }, "client-0");
            client.start();
            client.join();
        } finally {
            context.stop();
        }
    }

    private static void send(Producer producer) {
        Exchange exchange = producer.getEndpoint().createExchange();
        try {
            producer.process(exchange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (exchange.getException() != null || !"ok".equals(exchange.getMessage().getBody(String.class))) {
            throw new IllegalStateException("Request failed", exchange.getException());
        }
    }
}
