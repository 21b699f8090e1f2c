package io.camelstable.breaker;

/** A call was not made because the circuit breaker did not permit it. */
public class CircuitBreakerOpenException extends RuntimeException {

    private final String breakerName;
    private final CircuitState state;

    /**
     * @param breakerName the breaker's name
     * @param state       its state when the call was refused
     */
    public CircuitBreakerOpenException(String breakerName, CircuitState state) {
        super("Circuit breaker '" + breakerName + "' is " + state + ": call not permitted", null, false, false);
        this.breakerName = breakerName;
        this.state = state;
    }

    /** @return the breaker's name */
    public String getBreakerName() {
        return breakerName;
    }

    /** @return the state that refused the call */
    public CircuitState getState() {
        return state;
    }
}
