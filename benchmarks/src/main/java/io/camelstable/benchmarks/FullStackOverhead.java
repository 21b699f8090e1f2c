package io.camelstable.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Happy-path cost of the full resilience stack (retry, circuit breaker, rate limiter, concurrency limiter)
 * around the same function: {@code stable:function} with all four configured, against resilience4j's Retry,
 * CircuitBreaker, RateLimiter and Bulkhead decorating it inside a processor, against the bare processor. The
 * shared instances are shared by every benchmark thread: run with {@code -t 1} and {@code -t 2}. Limits are
 * set so nothing is ever throttled (stable: 10 million starts a second, the most its sliding log allows per
 * 100 ms window). Run with {@code -prof gc} for bytes per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FullStackOverhead {

    private static final String STACK = "attempts=3&wait=10&circuitBreaker=bench&rateLimiter=bench"
            + "&rateLimitMaxRequests=1000000&rateLimitWindow=100&concurrencyLimiter=bench&maxConcurrentRequests=64";

    private CamelContext context;
    private AsyncProducer plainProcessor;
    private AsyncProducer resilience4jStack;
    private AsyncProducer stableStack;
    private AsyncProducer stableStackNoResult;

    /** Per-thread completion flag. */
    @State(Scope.Thread)
    public static class Completion extends RouteCalls.Completion {
    }

    /**
     * Starts a Camel context with one route per variant.
     *
     * @throws Exception when Camel does not start
     */
    @Setup
    public void start() throws Exception {
        Function<Object, Object> fn = new IncrementFunction();
        Function<Object, Object> decorated = Retry.decorateFunction(
                Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10)).build()),
                CircuitBreaker.decorateFunction(CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults()),
                        RateLimiter.decorateFunction(RateLimiter.of("bench", RateLimiterConfig.custom()
                                .limitForPeriod(1_000_000_000).limitRefreshPeriod(Duration.ofSeconds(1))
                                .timeoutDuration(Duration.ZERO).build()),
                                Bulkhead.decorateFunction(Bulkhead.of("bench", BulkheadConfig.custom()
                                        .maxConcurrentCalls(64).maxWaitDuration(Duration.ZERO).build()), fn))));
        context = new DefaultCamelContext();
        context.getRegistry().bind(OverheadRoutes.TARGET, fn);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:plainProcessor").process(e -> e.getMessage().setBody(fn.apply(e.getMessage().getBody())));
                from("direct:resilience4jStack").process(e -> e.getMessage().setBody(decorated.apply(e.getMessage().getBody())));
                from("direct:stableStack").to("stable:function:" + OverheadRoutes.TARGET + "?" + STACK);
                from("direct:stableStackNoResult")
                        .to("stable:function:" + OverheadRoutes.TARGET + "?" + STACK + "&resultOnExchange=NONE");
            }
        });
        context.start();
        plainProcessor = RouteCalls.producer(context, "plainProcessor");
        resilience4jStack = RouteCalls.producer(context, "resilience4jStack");
        stableStack = RouteCalls.producer(context, "stableStack");
        stableStackNoResult = RouteCalls.producer(context, "stableStackNoResult");
    }

    /** Stops Camel. */
    @TearDown
    public void stop() {
        context.stop();
    }

    /** @return the result of the bare processor route (the baseline) */
    @Benchmark
    public Object plainProcessor(Completion c) {
        return RouteCalls.call(plainProcessor, c);
    }

    /** @return the result through resilience4j's Retry, CircuitBreaker, RateLimiter and Bulkhead */
    @Benchmark
    public Object resilience4jStack(Completion c) {
        return RouteCalls.call(resilience4jStack, c);
    }

    /** @return the result through stable:function with retry, breaker, rate and concurrency limits */
    @Benchmark
    public Object stableStack(Completion c) {
        return RouteCalls.call(stableStack, c);
    }

    /** @return the same, writing no result headers or property */
    @Benchmark
    public Object stableStackNoResult(Completion c) {
        return RouteCalls.call(stableStackNoResult, c);
    }
}
