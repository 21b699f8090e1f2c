package io.camelstable.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
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

    private static final Integer BODY = 41;

    private final Completion completion = new Completion();
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
        plainBean = producer("plainBean");
        plainProcessor = producer("plainProcessor");
        plainProcessorEndpoint = producer("plainProcessorEndpoint");
        plainProcessorWithHeaders = producer("plainProcessorWithHeaders");
        resilience4jRetry = producer("resilience4jRetry");
        stableFunction = producer("stableFunction");
        stableFunctionOneAttempt = producer("stableFunctionOneAttempt");
        stableFunctionNoResult = producer("stableFunctionNoResult");
    }

    private AsyncProducer producer(String route) throws Exception {
        AsyncProducer producer = context.getEndpoint("direct:" + route).createAsyncProducer();
        producer.start();
        return producer;
    }

    /** Stops Camel. */
    @TearDown
    public void stop() {
        context.stop();
    }

    /**
     * Sends one exchange and returns its result body.
     *
     * @param  producer the route's producer
     * @return          the body the route left on the exchange
     */
    private Object call(AsyncProducer producer) {
        Exchange exchange = producer.getEndpoint().createExchange();
        exchange.getMessage().setBody(BODY);
        completion.done = false;
        // Camel's pipeline returns false even when it ran to the end in this thread, so the callback tells.
        producer.process(exchange, completion);
        if (!completion.done) {
            throw new IllegalStateException("The happy path is expected to complete in the calling thread");
        }
        if (exchange.getException() != null) {
            throw new IllegalStateException(exchange.getException());
        }
        return exchange.getMessage().getBody();
    }

    /** A reusable callback recording that the exchange completed (the benchmark thread is the only user). */
    private static final class Completion implements AsyncCallback {
        private boolean done;

        @Override
        public void done(boolean doneSync) {
            done = true;
        }
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
