package io.camelstable.engine;

import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.function.FunctionAttempt;
import io.camelstable.policy.RetryStrategy;
import io.camelstable.result.StableResult;
import io.camelstable.testing.RecordingScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delays the engine really waits between attempts, recorded by a virtual-time scheduler. */
class DelaySequenceTest {

    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final StableEngine engine = StableEngine.builder().scheduler(scheduler).worker(Runnable::run)
            .nanoClock(scheduler::nanoTime).random(() -> 0.75).build();

    private StableResult<Object> runFailing(ExecutionOptions options) {
        FunctionAttempt alwaysFails = new FunctionAttempt((exchange, args) -> {
            throw new IllegalStateException("down");
        });
        return engine.<Object> execute(options.toBuilder().throwOnFailure(false).build(), alwaysFails, null, null).join();
    }

    private static ExecutionOptions.Builder options(RetryStrategy strategy, long wait) {
        return ExecutionOptions.builder().attempts(4).retryStrategy(strategy).waitMillis(wait);
    }

    @Test
    void fixedLinearAndExponentialFollowTheSeedFormula() {
        runFailing(options(RetryStrategy.FIXED, 500).build());
        assertThat(scheduler.delays()).containsExactly(500L, 500L, 500L);
        scheduler.delays().clear();
        runFailing(options(RetryStrategy.LINEAR, 100).build());
        assertThat(scheduler.delays()).containsExactly(100L, 200L, 300L);
        scheduler.delays().clear();
        runFailing(options(RetryStrategy.EXPONENTIAL, 100).build());
        assertThat(scheduler.delays()).containsExactly(100L, 200L, 400L);
    }

    @Test
    void jitterSpreadsAndTheCapApplies() {
        // random 0.75 with jitter 0.2: factor 1 - 0.2 + 2 * 0.2 * 0.75 = 1.1
        runFailing(options(RetryStrategy.EXPONENTIAL, 100).jitter(0.2).maxAllowedWait(300).build());
        assertThat(scheduler.delays()).containsExactly(110L, 220L, 300L);
    }

    @Test
    void decorrelatedJitterStaysBetweenWaitAndThreeTimesThePreviousDelay() {
        StableResult<Object> result = runFailing(options(RetryStrategy.DECORRELATED_JITTER, 100).build());
        assertThat(result.getTotalAttempts()).isEqualTo(4);
        long previous = 100;
        for (long d : scheduler.delays()) {
            assertThat(d).isBetween(100L, 3 * previous);
            previous = d;
        }
        // random 0.75: 100 + 0.75 * (300 - 100) = 250, then 100 + 0.75 * (750 - 100) = 587.5
        assertThat(scheduler.delays()).startsWith(250L, 588L);
    }

    @Test
    void theAttemptLogRecordsEachDelayAndVirtualDurations() {
        StableResult<Object> result = runFailing(options(RetryStrategy.LINEAR, 100).build());
        assertThat(result.getAttempts()).extracting(r -> r.delayAfter()).containsExactly(100L, 200L, 300L, 0L);
        assertThat(result.getMetrics().totalExecutionTime()).isEqualTo(600.0);
    }

    @Test
    void performAllAttemptsKeepsGoingAfterSuccessButNeverRetriesANonRetryableFailure() {
        AtomicInteger calls = new AtomicInteger();
        FunctionAttempt counting = new FunctionAttempt((exchange, args) -> "v" + calls.incrementAndGet());
        StableResult<Object> all = engine.<Object> execute(
                options(RetryStrategy.FIXED, 10).performAllAttempts(true).build(), counting, null, null).join();
        assertThat(all.isSuccess()).isTrue();
        assertThat(all.getData()).isEqualTo("v4");
        assertThat(all.getMetrics().successfulAttempts()).isEqualTo(4);

        FunctionAttempt aborting = new FunctionAttempt((exchange, args) -> {
            throw new IllegalArgumentException("bad input");
        });
        ExecutionOptions abortOnBadInput = options(RetryStrategy.FIXED, 10).performAllAttempts(true).throwOnFailure(false)
                .retryClassifier(new io.camelstable.policy.RetryClassifier(java.util.List.of(),
                        java.util.List.of(IllegalArgumentException.class), java.util.Set.of()))
                .build();
        StableResult<Object> stopped = engine.<Object> execute(abortOnBadInput, aborting, null, null).join();
        assertThat(stopped.getTotalAttempts()).isEqualTo(1);
    }
}
