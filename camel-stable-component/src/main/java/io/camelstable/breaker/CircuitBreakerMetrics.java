package io.camelstable.breaker;

/**
 * A breaker's counters at one moment (the seed's dashboard, SPEC §2.4, with window terms).
 *
 * @param name                 the breaker
 * @param state                its state
 * @param bufferedCalls        calls in the sliding window
 * @param failedCalls          failed calls in the window
 * @param slowCalls            slow calls in the window
 * @param failureRate          failed percentage of the window, 0 when it is empty
 * @param slowCallRate         slow percentage of the window
 * @param notPermittedCalls    calls refused since the last reset
 * @param halfOpenInFlight     trial calls in flight while HALF_OPEN
 * @param stateTransitions     transitions since the last reset
 * @param openCount            times the breaker opened
 * @param successfulRecoveries HALF_OPEN → CLOSED transitions
 * @param failedRecoveries     HALF_OPEN → OPEN transitions
 * @param timeUntilRecoveryMs  while OPEN, milliseconds until calls are tried again; else 0
 */
public record CircuitBreakerMetrics(String name, CircuitState state, int bufferedCalls, int failedCalls, int slowCalls,
        double failureRate, double slowCallRate, long notPermittedCalls, int halfOpenInFlight, long stateTransitions,
        long openCount, long successfulRecoveries, long failedRecoveries, long timeUntilRecoveryMs) {

    /** @return whether calls pass (the state is not OPEN nor FORCED_OPEN) */
    public boolean isHealthy() {
        return state == CircuitState.CLOSED || state == CircuitState.HALF_OPEN;
    }
}
