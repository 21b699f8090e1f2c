package io.camelstable.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Happy-path cost of one call through a Camel route, per way of calling the same function: bean binding,
 * a processor (the baseline), the same processor behind {@code to()} of a plain endpoint, a processor with a
 * resilience4j retry, {@code stable:function} with retries configured, with one attempt and without writing
 * its result headers and property, and a processor that also writes the headers and property {@code stable:}
 * writes. Every variant is driven the same way: a fresh exchange sent to the route's
 * {@code direct:} endpoint through an async producer, so that cost cancels out in the differences.
 * Run with {@code -prof gc} for bytes per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class StableFunctionOverhead {

    private final RouteCalls.Completion completion = new RouteCalls.Completion();
    private CamelContext context;
    private AsyncProducer plainBean;
    private AsyncProducer plainProcessor;
    private AsyncProducer plainProcessorEndpoint;
    private AsyncProducer plainProcessorWithHeaders;
    private AsyncProducer resilience4jRetry;
    private AsyncProducer stableFunction;
    private AsyncProducer stableFunctionOneAttempt;
    private AsyncProducer stableFunctionNoResult;

    /**
     * Starts a Camel context with one route per variant.
     *
     * @throws Exception when Camel does not start
     */
    @Setup
    public void start() throws Exception {
        Function<Object, Object> fn = new IncrementFunction();
        Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10)).build());
        context = new DefaultCamelContext();
        context.getRegistry().bind(OverheadRoutes.TARGET, fn);
        context.addRoutes(new OverheadRoutes(fn, Retry.decorateFunction(retry, fn)));
        context.start();
        plainBean = RouteCalls.producer(context, "plainBean");
        plainProcessor = RouteCalls.producer(context, "plainProcessor");
        plainProcessorEndpoint = RouteCalls.producer(context, "plainProcessorEndpoint");
        plainProcessorWithHeaders = RouteCalls.producer(context, "plainProcessorWithHeaders");
        resilience4jRetry = RouteCalls.producer(context, "resilience4jRetry");
        stableFunction = RouteCalls.producer(context, "stableFunction");
        stableFunctionOneAttempt = RouteCalls.producer(context, "stableFunctionOneAttempt");
        stableFunctionNoResult = RouteCalls.producer(context, "stableFunctionNoResult");
    }

    /** Stops Camel. */
    @TearDown
    public void stop() {
        context.stop();
    }

    private Object call(AsyncProducer producer) {
        return RouteCalls.call(producer, completion);
    }

    /** @return the result; {@code .bean("target")} */
    @Benchmark
    public Object plainBean() {
        return call(plainBean);
    }

    /** @return the result; a processor calling the function (the baseline) */
    @Benchmark
    public Object plainProcessor() {
        return call(plainProcessor);
    }

    /** @return the result; the same processor behind {@code to()} of a plain endpoint, as stable: is called */
    @Benchmark
    public Object plainProcessorEndpoint() {
        return call(plainProcessorEndpoint);
    }

    /** @return the result; the baseline plus the four headers and the property stable: sets */
    @Benchmark
    public Object plainProcessorWithHeaders() {
        return call(plainProcessorWithHeaders);
    }

    /** @return the result; a processor calling the function through a resilience4j retry */
    @Benchmark
    public Object resilience4jRetry() {
        return call(resilience4jRetry);
    }

    /** @return the result; {@code stable:function:target?attempts=3&wait=10} */
    @Benchmark
    public Object stableFunction() {
        return call(stableFunction);
    }

    /** @return the result; {@code stable:function:target?attempts=1} */
    @Benchmark
    public Object stableFunctionOneAttempt() {
        return call(stableFunctionOneAttempt);
    }

    /** @return the result; {@code stable:function:target?attempts=3&wait=10&resultOnExchange=NONE} */
    @Benchmark
    public Object stableFunctionNoResult() {
        return call(stableFunctionNoResult);
    }
}
