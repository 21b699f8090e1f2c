package io.camelstable.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.breaker.CircuitBreakerConfig;
import io.camelstable.breaker.CircuitState;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.function.FunctionAttempt;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.policy.RetryStrategy;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.StableResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link StableEngine#executeCancellable}: a cancelled execution stops its attempt (the function sees the
 * interrupt and never finishes), is never retried or counted by the breaker, and still ends exactly once; an attempt
 * that never blocks starts in the caller's thread and is cancelled through the handle it returned.
 */
class CancellationTest {

    private final StableEngine engine = StableEngine.standalone(4);

    @AfterEach
    void stop() {
        engine.abortWaiting("test over");
    }

    private static ExecutionOptions.Builder options() {
        return ExecutionOptions.builder().throwOnFailure(false);
    }

    private static final class Outcome {
        final CompletableFuture<StableResult<Object>> result = new CompletableFuture<>();
        final AtomicInteger told = new AtomicInteger();

        ExecutionListener listener() {
            return (r, raw, raise, exchange, token, doneSync) -> {
                told.incrementAndGet();
                result.complete(r);
            };
        }
    }

    @Test
    void cancellingARunningAttemptInterruptsItAndEndsTheExecution() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        FunctionAttempt attempt = new FunctionAttempt((exchange, args) -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return "late";
        });
        Outcome outcome = new Outcome();
        Cancellable handle = engine.executeCancellable(options().attempts(5).build(), attempt, null, "x", null,
                outcome.listener());
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        handle.cancel();

        StableResult<Object> result = outcome.result.get(10, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getFailure()).isInstanceOf(ExecutionCancelledException.class);
        assertThat(result.getTotalAttempts()).as("a cancelled execution is not retried").isEqualTo(1);
        assertThat(result.getAttempts()).extracting(a -> a.status()).containsExactly(AttemptStatus.CANCELLED);
        assertThat(interrupted).isTrue();
        assertThat(finished).isFalse();
        assertThat(outcome.told).hasValue(1);
    }

    @Test
    void cancellingDuringBackoffEndsAtOnceWithoutAnotherAttempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FunctionAttempt attempt = new FunctionAttempt((exchange, args) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        });
        Outcome outcome = new Outcome();
        Cancellable handle = engine.executeCancellable(
                options().attempts(3).retryStrategy(RetryStrategy.FIXED).waitMillis(60_000).build(), attempt,
                null, "x", null, outcome.listener());
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1 && engine.waitingCount() == 1);
        handle.cancel();

        StableResult<Object> result = outcome.result.get(10, TimeUnit.SECONDS);
        assertThat(result.getFailure()).isInstanceOf(ExecutionCancelledException.class);
        assertThat(calls).hasValue(1);
        assertThat(outcome.told).hasValue(1);
    }

    @Test
    void cancellingWhileWaitingForAPermitMakesNoCallAndReleasesTheBreaker() throws Exception {
        StableConcurrencyLimiter limiter = new StableConcurrencyLimiter("one", 1, 10, Runnable::run);
        StableCircuitBreaker breaker = new StableCircuitBreaker("b", CircuitBreakerConfig.builder()
                .minimumRequests(1).failureThresholdPercentage(1).build());
        CountDownLatch holderRunning = new CountDownLatch(1);
        CountDownLatch releaseHolder = new CountDownLatch(1);
        AtomicInteger waiterCalls = new AtomicInteger();
        Outcome holder = new Outcome();
        engine.executeCancellable(options().concurrencyLimiter(limiter).build(), new FunctionAttempt((ex, args) -> {
            holderRunning.countDown();
            releaseHolder.await(30, TimeUnit.SECONDS);
            return "held";
        }), null, "h", null, holder.listener());
        assertThat(holderRunning.await(10, TimeUnit.SECONDS)).isTrue();

        Outcome waiter = new Outcome();
        Cancellable handle = engine.executeCancellable(options().concurrencyLimiter(limiter).circuitBreaker(breaker).build(),
                new FunctionAttempt((ex, args) -> waiterCalls.incrementAndGet()), null, "w", null, waiter.listener());
        handle.cancel();
        releaseHolder.countDown();

        assertThat(holder.result.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        StableResult<Object> result = waiter.result.get(10, TimeUnit.SECONDS);
        assertThat(result.getFailure()).isInstanceOf(ExecutionCancelledException.class);
        assertThat(waiterCalls).hasValue(0);
        assertThat(breaker.getState()).as("a cancellation is not a failure").isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getMetrics().failedCalls()).isZero();
    }

    /** An attempt that never blocks: it parks its callback for the test to answer, and counts cancels of its handle. */
    private static final class ParkedAttempt implements Attempt {
        final AtomicInteger handleCancels = new AtomicInteger();
        volatile Thread startedIn;
        volatile AttemptCallback callback;
        volatile int number;

        @Override
        public Cancellable start(AttemptContext context, AttemptCallback cb) {
            startedIn = Thread.currentThread();
            number = context.attemptNumber();
            callback = cb;
            return handleCancels::incrementAndGet;
        }

        @Override
        public boolean mayBlock() {
            return false;
        }
    }

    @Test
    void anAttemptThatNeverBlocksStartsInTheCallersThreadAndIsCancelledThroughItsHandle() throws Exception {
        ParkedAttempt attempt = new ParkedAttempt();
        Outcome outcome = new Outcome();
        Cancellable handle = engine.executeCancellable(options().attempts(3).build(), attempt, null, "x", null,
                outcome.listener());
        assertThat(attempt.startedIn).as("no hand-off to a worker").isSameAs(Thread.currentThread());

        handle.cancel();
        assertThat(attempt.handleCancels).as("the handle its start returned").hasValue(1);
        assertThat(outcome.result).as("it ends when the attempt reports").isNotDone();
        attempt.callback.succeeded(attempt.number, "late", 200);

        StableResult<Object> result = outcome.result.get(10, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).as("a late success after a cancel does not count").isFalse();
        assertThat(result.getFailure()).isInstanceOf(ExecutionCancelledException.class);
        assertThat(result.getTotalAttempts()).as("a cancelled execution is not retried").isEqualTo(1);
        assertThat(outcome.told).hasValue(1);
    }

    @Test
    void anAttemptThatNeverBlocksTimesOutThroughItsHandle() throws Exception {
        ParkedAttempt attempt = new ParkedAttempt();
        Outcome outcome = new Outcome();
        engine.executeCancellable(options().attemptTimeout(50).build(), attempt, null, "x", null, outcome.listener());
        assertThat(attempt.startedIn).as("no hand-off to a worker").isSameAs(Thread.currentThread());

        StableResult<Object> result = outcome.result.get(10, TimeUnit.SECONDS);
        assertThat(result.getFailure()).isInstanceOf(AttemptTimeoutException.class);
        assertThat(attempt.handleCancels).as("the timeout cancelled the handle its start returned").hasValue(1);
        attempt.callback.succeeded(attempt.number, "late", 200);
        assertThat(outcome.told).as("a report after the timeout is ignored").hasValue(1);
    }

    @Test
    void anAttemptThatNeverBlocksSucceedsInline() throws Exception {
        ParkedAttempt attempt = new ParkedAttempt();
        Outcome outcome = new Outcome();
        engine.executeCancellable(options().build(), attempt, null, "x", null, outcome.listener());
        attempt.callback.succeeded(attempt.number, "ok", 200);
        assertThat(outcome.result.get(10, TimeUnit.SECONDS).getData()).isEqualTo("ok");
        assertThat(outcome.told).hasValue(1);
    }

    @Test
    void cancellingAfterTheEndChangesNothing() throws Exception {
        Outcome outcome = new Outcome();
        Cancellable handle = engine.executeCancellable(options().build(), new FunctionAttempt((ex, args) -> "ok"), null,
                "x", null, outcome.listener());
        assertThat(outcome.result.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        handle.cancel();
        assertThat(outcome.result.get().getData()).isEqualTo("ok");
        assertThat(outcome.told).hasValue(1);
    }
}
