package io.camelstable.breaker;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.component.StableComponent;
import io.camelstable.component.StableConstants;
import io.camelstable.component.StableEndpoint;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import io.camelstable.testing.ScriptedHttpServer;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Breakers on real routes against a real loopback server. */
class BreakerRouteTest extends CamelTestSupport {

    static ScriptedHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ScriptedHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        CircuitBreakerDefinition payments = new CircuitBreakerDefinition();
        payments.setMinimumRequests(2);
        payments.setRecoveryTimeoutMs(60_000);
        registry.bind("payments", payments);
        registry.bind("fn", (java.util.function.Function<Object, Object>) b -> b);
    }

    private Exchange call(String path, String options) {
        return template.request("stable:request:" + server.url() + path + "?" + options, e -> e.getMessage().setBody(null));
    }

    @Test
    void routesNamingABreakerShareItAndAnOpenBreakerFailsFastWithoutACall() {
        server.script("/pay", Reply.of(500, "down"));
        call("/pay", "circuitBreaker=payments");
        call("/pay", "circuitBreaker=payments&httpMethod=GET"); // another endpoint, the same breaker
        StableCircuitBreaker breaker = context.getComponent("stable", StableComponent.class).getSharedResources()
                .breaker("payments", null);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        int callsBefore = server.seen("/pay").size();

        Exchange refused = call("/pay", "circuitBreaker=#payments&attempts=3");

        assertThat(server.seen("/pay")).hasSize(callsBefore);
        StableExecutionException failure = refused.getException(StableExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(CircuitBreakerOpenException.class);
        StableResult<?> result = failure.getResult();
        assertThat(result.getAttempts()).hasSize(1);
        assertThat(result.getAttempts().get(0).status()).isEqualTo(AttemptStatus.NOT_PERMITTED);
    }

    @Test
    void analyzerRejectionsCountAsFailures() {
        context.getRegistry().bind("neverHappy", (io.camelstable.hook.ResponseAnalyzer) ctx -> false);
        server.script("/unhappy", Reply.of(200, "looks fine"));
        call("/unhappy", "circuitBreaker=unhappy&minimumRequests=2&responseAnalyzer=#neverHappy");
        call("/unhappy", "circuitBreaker=unhappy&minimumRequests=2&responseAnalyzer=#neverHappy");
        assertThat(context.getComponent("stable", StableComponent.class).getSharedResources().breaker("unhappy", null)
                .getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void breakerOptionsWithoutANameGiveTheEndpointItsOwnBreaker() {
        StableEndpoint endpoint = context.getEndpoint("stable:function:fn?minimumRequests=3", StableEndpoint.class);
        assertThat(endpoint.getOptions().circuitBreaker()).isNotNull();
        assertThat(endpoint.getOptions().circuitBreaker().getConfig().minimumRequests()).isEqualTo(3);
    }

    @Test
    void aNameBoundToAnotherConfigurationIsRejected() {
        context.getEndpoint("stable:function:fn?circuitBreaker=inventory&minimumRequests=5");
        assertThatThrownBy(() -> context.getEndpoint("stable:function:fn?circuitBreaker=inventory&minimumRequests=7"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("one configuration per breaker name");
    }

    @Test
    void withTrackIndividualAttemptsTheBreakerNeverStaysHalfOpen() {
        AtomicInteger arrivals = new AtomicInteger();
        server.respond("/recovering", req -> arrivals.incrementAndGet() <= 2 ? Reply.of(503, "down") : Reply.of(200, "up"));
        String options = "circuitBreaker=recovering&trackIndividualAttempts=true&minimumRequests=2&recoveryTimeoutMs=1"
                + "&halfOpenMaxRequests=2";
        call("/recovering", options);
        call("/recovering", options);
        StableCircuitBreaker breaker = context.getComponent("stable", StableComponent.class).getSharedResources()
                .breaker("recovering", null);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        org.awaitility.Awaitility.await().atMost(2, TimeUnit.SECONDS).until(() -> {
            call("/recovering", options);
            return breaker.getState() == CircuitState.CLOSED;
        });
        assertThat(breaker.getMetrics().successfulRecoveries()).isEqualTo(1);
    }

    /**
     * 8 threads hammer one breaker while the server flips between failing and healthy every 40 arrivals.
     * Invariants, checked where the calls arrive: while HALF_OPEN at most halfOpenMaxRequests calls are in
     * flight, and while OPEN only calls permitted before the opening (at most one per other thread) arrive.
     */
    @Test
    void concurrentCallersNeverBreakTheStateMachine() throws Exception {
        int threads = 8;
        int halfOpenMax = 3;
        StableCircuitBreaker breaker = context.getComponent("stable", StableComponent.class).getSharedResources()
                .breaker("flipping", CircuitBreakerConfig.builder().minimumRequests(10).slidingWindowSize(20)
                        .recoveryTimeoutMs(100).halfOpenMaxRequests(halfOpenMax).build());
        AtomicInteger arrivals = new AtomicInteger();
        AtomicInteger arrivalsWhileOpen = new AtomicInteger();
        AtomicInteger halfOpenInFlight = new AtomicInteger();
        AtomicInteger maxHalfOpenInFlight = new AtomicInteger();
        server.respond("/flipping", req -> {
            boolean halfOpen = breaker.getState() == CircuitState.HALF_OPEN;
            if (breaker.getState() == CircuitState.OPEN) {
                arrivalsWhileOpen.incrementAndGet();
            }
            if (halfOpen) {
                maxHalfOpenInFlight.accumulateAndGet(halfOpenInFlight.incrementAndGet(), Math::max);
            }
            try {
                return (arrivals.incrementAndGet() / 40) % 2 == 0 ? Reply.of(500, "failing") : Reply.of(200, "healthy");
            } finally {
                if (halfOpen) {
                    halfOpenInFlight.decrementAndGet();
                }
            }
        });
        String uri = "stable:request:" + server.url() + "/flipping?circuitBreaker=flipping&throwOnFailure=false";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> refusals = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                refusals.add(pool.submit(() -> {
                    int refused = 0;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    for (int i = 0; i < 2000 && System.nanoTime() < deadline && breaker.getMetrics().openCount() < 6; i++) {
                        Exchange out = template.request(uri, e -> e.getMessage().setBody(null));
                        StableResult<?> r = out.getMessage().getBody(StableResult.class);
                        if (r != null && r.getAttempts().get(0).status() == AttemptStatus.NOT_PERMITTED) {
                            refused++;
                        }
                    }
                    return refused;
                }));
            }
            int totalRefused = 0;
            for (Future<Integer> f : refusals) {
                totalRefused += f.get(60, TimeUnit.SECONDS);
            }
            CircuitBreakerMetrics m = breaker.getMetrics();
            assertThat(m.openCount()).as("the breaker opened and recovered repeatedly").isGreaterThanOrEqualTo(2);
            assertThat(totalRefused).isPositive();
            assertThat(maxHalfOpenInFlight.get()).isLessThanOrEqualTo(halfOpenMax);
            assertThat(arrivalsWhileOpen.get()).isLessThanOrEqualTo((threads - 1) * (int) m.openCount());
            assertThat(m.halfOpenInFlight()).isBetween(0, halfOpenMax);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theResultHeadersStillReportABlockedExecution() {
        StableCircuitBreaker breaker = context.getComponent("stable", StableComponent.class).getSharedResources()
                .breaker("forced", null);
        breaker.forceOpen();
        server.script("/forced", Reply.of(200, "ok"));
        Exchange out = call("/forced", "circuitBreaker=forced&throwOnFailure=false");
        assertThat(out.getMessage().getHeader(StableConstants.SUCCESS)).isEqualTo(false);
        assertThat(server.seen("/forced")).isEmpty();
    }
}
