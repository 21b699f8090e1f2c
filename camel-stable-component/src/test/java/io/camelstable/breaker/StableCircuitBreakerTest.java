package io.camelstable.breaker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.camelstable.breaker.CircuitBreakerConfig.SlidingWindowType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker's state machine on a virtual clock. */
class StableCircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> transitions = new ArrayList<>();

    private StableCircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        StableCircuitBreaker b = new StableCircuitBreaker("test", config.build(), now::get);
        b.addListener((cb, from, to) -> transitions.add(from + "->" + to));
        return b;
    }

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private static void call(StableCircuitBreaker b, boolean failure) {
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onResult(failure, 0);
    }

    @Test
    void opensWhenTheFailureRateReachesTheThresholdAfterTheMinimumCalls() {
        StableCircuitBreaker b = breaker(CircuitBreakerConfig.builder().minimumRequests(4).failureThresholdPercentage(50));
        call(b, true);
        call(b, true);
        call(b, true);
        assertThat(b.getState()).isEqualTo(CircuitState.CLOSED); // 3 calls < minimumRequests
        call(b, false);
        assertThat(b.getState()).isEqualTo(CircuitState.OPEN); // 3 of 4 failed
        assertThat(b.tryAcquirePermission()).isFalse();
        assertThat(b.getMetrics().notPermittedCalls()).isEqualTo(1);
    }

    @Test
    void refusedCallsNeverPostponeRecovery() {
        StableCircuitBreaker b = breaker(CircuitBreakerConfig.builder().minimumRequests(1).recoveryTimeoutMs(1000));
        call(b, true);
        for (int i = 0; i < 9; i++) {
            advanceMillis(100);
            assertThat(b.tryAcquirePermission()).isFalse();
            b.onResult(true, 0); // a stray failure while OPEN is ignored too
        }
        advanceMillis(100);
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.getState()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void halfOpenAdmitsExactlyTheTrialCallsInFlightThenDecides() {
        StableCircuitBreaker b = breaker(CircuitBreakerConfig.builder().minimumRequests(1).recoveryTimeoutMs(10)
                .halfOpenMaxRequests(3).successThresholdPercentage(60));
        call(b, true);
        advanceMillis(10);
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.tryAcquirePermission()).as("a fourth concurrent trial").isFalse();
        assertThat(b.getMetrics().halfOpenInFlight()).isEqualTo(3);
        b.onResult(false, 0);
        b.onResult(false, 0);
        assertThat(b.getState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(b.tryAcquirePermission()).as("completed trials do not free places").isFalse();
        b.onResult(true, 0);
        assertThat(b.getState()).isEqualTo(CircuitState.CLOSED); // 2 of 3 = 66% >= 60%
        assertThat(b.getMetrics().successfulRecoveries()).isEqualTo(1);
    }

    @Test
    void failedTrialsReopenAndAReleasedPermissionFreesItsPlace() {
        StableCircuitBreaker b = breaker(CircuitBreakerConfig.builder().minimumRequests(1).recoveryTimeoutMs(10)
                .halfOpenMaxRequests(2).successThresholdPercentage(75));
        call(b, true);
        advanceMillis(10);
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.tryAcquirePermission()).isTrue();
        b.releasePermission(); // that call was never made
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onResult(true, 0);
        b.onResult(false, 0);
        assertThat(b.getState()).isEqualTo(CircuitState.OPEN); // 1 of 2 = 50% < 75%
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
    }

    @Test
    void slowCallsOpenTheBreaker() {
        StableCircuitBreaker b = breaker(CircuitBreakerConfig.builder().minimumRequests(2).slowCallDurationThreshold(100)
                .slowCallRateThreshold(50));
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onResult(false, TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onResult(false, TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(b.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(b.getMetrics().slowCallRate()).isEqualTo(50.0);
    }

    @Test
    void theCountWindowSlidesAndTheTimeWindowForgetsOldSeconds() {
        StableCircuitBreaker counted = breaker(CircuitBreakerConfig.builder().minimumRequests(4).slidingWindowSize(4)
                .failureThresholdPercentage(75));
        call(counted, true);
        call(counted, false);
        call(counted, false);
        call(counted, false); // 1 of 4 failed
        call(counted, true);  // the first failure slides out: still 1 of 4
        call(counted, true);  // 2 of 4
        assertThat(counted.getState()).isEqualTo(CircuitState.CLOSED);
        call(counted, true);  // 3 of 4 = 75%
        assertThat(counted.getState()).isEqualTo(CircuitState.OPEN);

        StableCircuitBreaker timed = breaker(CircuitBreakerConfig.builder().minimumRequests(3)
                .slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(2));
        call(timed, true);
        call(timed, true);
        advanceMillis(2500); // both failures are now older than the 2-second window
        call(timed, false);
        call(timed, false);
        assertThat(timed.getMetrics().bufferedCalls()).isEqualTo(2);
        assertThat(timed.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void manualTransitions() {
        StableCircuitBreaker b = breaker(CircuitBreakerConfig.builder());
        b.forceOpen();
        advanceMillis(TimeUnit.HOURS.toMillis(1));
        assertThat(b.tryAcquirePermission()).as("forced open never recovers by itself").isFalse();
        b.forceClosed();
        assertThat(b.tryAcquirePermission()).isTrue();
        b.reset();
        assertThat(b.getMetrics().stateTransitions()).isZero();
        assertThat(transitions).containsExactly("CLOSED->FORCED_OPEN", "FORCED_OPEN->CLOSED");
    }
}
