package io.camelstable.breaker;

/** The states of a circuit breaker. */
public enum CircuitState {
    /** Calls pass; outcomes fill the sliding window. */
    CLOSED,
    /** Calls fail fast until the recovery timeout has passed since the breaker opened. */
    OPEN,
    /** A bounded number of trial calls pass; their outcomes close or reopen the breaker. */
    HALF_OPEN,
    /** Opened by hand: calls fail fast until closed or reset by hand. */
    FORCED_OPEN
}
