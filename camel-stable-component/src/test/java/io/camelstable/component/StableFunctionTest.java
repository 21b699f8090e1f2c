package io.camelstable.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.camelstable.result.AttemptRecord;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** stable:function with each kind of bean, retry filters and real cancellation. */
class StableFunctionTest extends CamelTestSupport {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean interrupted = new AtomicBoolean();
    final AtomicBoolean completedAfterTimeout = new AtomicBoolean();
    final CountDownLatch blockForever = new CountDownLatch(1);

    /** A bean called by method name. */
    public static class Pricing {
        /** @return the price with tax */
        public double withTax(Double net) {
            return net * 1.2;
        }

        /** @return a sum of two arguments */
        public int add(int a, int b) {
            return a + b;
        }
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("failTwice", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("transient " + calls.get());
            }
            return "ok:" + body;
        });
        registry.bind("ioFailure", (Function<Object, Object>) body -> {
            calls.incrementAndGet();
            throw new UncheckedIOException(new IOException("disk"));
        });
        registry.bind("supplier", (Supplier<String>) () -> "supplied");
        registry.bind("pricing", new Pricing());
        registry.bind("processor", (Processor) e -> e.getMessage().setBody("processed:" + e.getMessage().getBody()));
        registry.bind("async", (Function<Object, Object>) body -> CompletableFuture.supplyAsync(() -> "async:" + body));
        registry.bind("blocking", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    blockForever.await();
                    completedAfterTimeout.set(true);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            return "second try";
        });
    }

    private static StableResult<?> resultOf(Exchange out) {
        return out.getProperty(StableConstants.RESULT, StableResult.class);
    }

    @Test
    void retriesAFunctionUntilItSucceeds() {
        Exchange out = template.request("stable:function:failTwice?attempts=3&wait=5", e -> e.getMessage().setBody("x"));
        assertThat(out.getMessage().getBody()).isEqualTo("ok:x");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void abortOnStopsAtOnceAndRetryOnLimitsWhatIsRetried() {
        Exchange aborted = template.request("stable:function:ioFailure?attempts=3&wait=5&abortOn=java.io.IOException", e -> { });
        assertThat(aborted.getException()).isInstanceOf(StableExecutionException.class);
        assertThat(calls.getAndSet(0)).isEqualTo(1);

        Exchange notListed = template.request(
                "stable:function:ioFailure?attempts=3&wait=5&retryOn=java.util.concurrent.TimeoutException", e -> { });
        assertThat(notListed.getException()).isNotNull();
        assertThat(calls.getAndSet(0)).isEqualTo(1);

        Exchange listed = template.request("stable:function:ioFailure?attempts=3&wait=5&retryOn=java.io.IOException", e -> { });
        assertThat(listed.getException()).isNotNull();
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void callsSuppliersMethodsProcessorsAndAsyncFunctions() {
        assertThat(template.requestBody("stable:function:supplier", null, String.class)).isEqualTo("supplied");
        assertThat(template.requestBody("stable:function:pricing?method=withTax", "10", Double.class)).isEqualTo(12.0);
        assertThat(template.requestBody("stable:function:pricing?method=add", new Object[] { 2, 3 }, Integer.class))
                .isEqualTo(5);
        assertThat(template.requestBody("stable:function:processor", "p", String.class)).isEqualTo("processed:p");
        assertThat(template.requestBody("stable:function:async", "a", String.class)).isEqualTo("async:a");
    }

    @Test
    void aTimedOutFunctionIsInterruptedAndNeverCompletesInTheBackground() {
        Exchange out = template.request("stable:function:blocking?attempts=2&wait=5&attemptTimeout=200", e -> { });
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isEqualTo("second try");
        assertThat(resultOf(out).getAttempts()).extracting(AttemptRecord::status)
                .containsExactly(AttemptStatus.TIMED_OUT, AttemptStatus.SUCCEEDED);
        await().atMost(2, TimeUnit.SECONDS).untilTrue(interrupted);
        blockForever.countDown();
        assertThat(completedAfterTimeout.get()).isFalse();
    }

    @Test
    void theFinalFailureCarriesTheLastCause() {
        Exchange out = template.request("stable:function:ioFailure?attempts=2&wait=5", e -> { });
        StableExecutionException failure = out.getException(StableExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(UncheckedIOException.class);
        assertThat(failure.getResult().getAttempts()).hasSize(2).allMatch(AttemptRecord::retryable);
        assertThat(failure.getResult().getMetrics().failedAttempts()).isEqualTo(2);
    }
}
