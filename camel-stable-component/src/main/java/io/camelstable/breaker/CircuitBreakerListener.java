package io.camelstable.breaker;

/** Told of every state transition of a breaker, in the thread that caused it. */
@FunctionalInterface
public interface CircuitBreakerListener {

    /**
     * @param breaker the breaker
     * @param from    the state left
     * @param to      the state entered
     */
    void onStateTransition(StableCircuitBreaker breaker, CircuitState from, CircuitState to);
}
