package io.camelstable.examples;

import java.util.List;

import io.camelstable.gateway.Gateway;
import io.camelstable.result.StableExecutionException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The example routes, one per behaviour of the {@code stable:} component, and the {@link ExampleCase}s
 * that call them. HTTP examples talk to the {@link io.camelstable.examples.demo.DemoApi} at
 * {@code {{demo.port}}}; component-wide defaults (such as {@code maxAllowedWait}) come from
 * {@code application.properties}.
 */
public class ExampleRoutes extends RouteBuilder {

    private static final String DEMO = "http://127.0.0.1:{{demo.port}}";
    private static final String LOG = "io.camelstable.examples.routes";

    /** @return every example, in the order they run */
    public static List<ExampleCase> cases() {
        return List.of(
                new ExampleCase("flaky-http", null, true, "503 twice, retried with exponential backoff and jitter"),
                new ExampleCase("slow-http", null, true, "first call exceeds attemptTimeout=300, is aborted and retried"),
                new ExampleCase("rate-limited-http", null, true, "429 with Retry-After: 1, the retry waits 1 s"),
                new ExampleCase("bad-content-http", null, true, "200 'pending' rejected by a response analyzer"),
                new ExampleCase("ok-http", null, true, "healthy endpoint, one attempt"),
                new ExampleCase("missing-http", null, false, "404 is not retryable: fails at once"),
                new ExampleCase("flaky-function", "sku-42", true, "a Function bean that throws twice"),
                new ExampleCase("method-function", "sku-7", true, "a bean method chosen with method=quote"),
                new ExampleCase("checkout-gateway", null, true, "gateway: 2 requests (one 503 once) + a function, concurrently"),
                new ExampleCase("racing-gateway", null, true, "gateway race: a fast mirror wins, the slow one is cancelled"));
    }

    @Override
    public void configure() {
        // a failed execution is reported, not propagated: the runner reads the result from the exception
        onException(StableExecutionException.class).handled(true)
                .log(LoggingLevel.WARN, LOG, "${routeId} failed: ${exception.message}");

        from("direct:flaky-http").routeId("flaky-http")
                .to("stable:request:" + DEMO + "/flaky?key=flaky&failures=2"
                    + "&attempts=4&wait=100&retryStrategy=EXPONENTIAL&jitter=0.2");

        from("direct:slow-http").routeId("slow-http")
                .to("stable:request:" + DEMO + "/slow?key=slow&delay=2000&attempts=3&wait=100&attemptTimeout=300");

        from("direct:rate-limited-http").routeId("rate-limited-http")
                .to("stable:request:" + DEMO + "/limited?key=limited&attempts=3&wait=100");

        from("direct:bad-content-http").routeId("bad-content-http")
                .to("stable:request:" + DEMO + "/bad-content?key=job-1&attempts=5&wait=100&responseAnalyzer=#statusDone");

        from("direct:ok-http").routeId("ok-http")
                .to("stable:request:" + DEMO + "/ok?attempts=3&wait=100");

        // throwOnFailure=false: the exchange goes on with the StableResult as body and CamelStableSuccess=false
        from("direct:missing-http").routeId("missing-http")
                .to("stable:request:" + DEMO + "/missing?attempts=4&wait=100&throwOnFailure=false")
                .log(LoggingLevel.INFO, LOG, "missing-http: success=${header.CamelStableSuccess}"
                                        + " after ${header.CamelStableAttempts} attempt(s)");

        from("direct:flaky-function").routeId("flaky-function")
                .to("stable:function:flakyInventory?attempts=3&wait=50");

        // gateways: every item is one execution of the same engine; the body becomes a GatewayResult
        bindToRegistry("checkout", Gateway.define("checkout").maxConcurrentRequests(3).option("wait", 50)
                .request("stock", DEMO + "/flaky?key=gw-stock&failures=1", i -> i.option("attempts", 3))
                .request("status", DEMO + "/ok")
                .function("price", "priceService", i -> i.option("method", "quote").arguments("sku-9")));
        from("direct:checkout-gateway").routeId("checkout-gateway").to("stable:gateway:checkout");

        bindToRegistry("mirrors", Gateway.define("mirrors").racing(true)
                .request("slow-mirror", DEMO + "/slow?key=race&delay=2000")
                .request("fast-mirror", DEMO + "/ok"));
        from("direct:racing-gateway").routeId("racing-gateway").to("stable:gateway:mirrors");

        from("direct:method-function").routeId("method-function")
                .to("stable:function:priceService?method=quote&attempts=3&wait=50&retryStrategy=LINEAR");
    }
}
