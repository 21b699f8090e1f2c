package io.camelstable.breaker;

/**
 * Where a breaker's state lives: the state machine's data and transitions, apart from the breaker's name,
 * listeners and clock. {@link LocalBreakerState} keeps it in this JVM; the coordination module can supply a
 * cluster-wide one with the same contract, and the engine never knows the difference.
 * <p>
 * Every method is atomic with respect to the others. A state reports each transition it makes to the
 * {@link TransitionSink} it was created with, after releasing any lock.
 */
public interface BreakerState {

    /** Receives transitions. */
    @FunctionalInterface
    interface TransitionSink {
        /** @param from the state left @param to the state entered */
        void transitioned(CircuitState from, CircuitState to);
    }

    /** @return the current state (may lag a due OPEN → HALF_OPEN until the next {@link #tryAcquire}) */
    CircuitState state();

    /**
     * @param  nowNanos the clock
     * @return          whether the call may proceed; moves OPEN → HALF_OPEN when recovery is due
     */
    boolean tryAcquire(long nowNanos);

    /** Gives back a permission whose call was never made. */
    void release();

    /**
     * @param nowNanos the clock
     * @param failure  whether the call failed
     * @param slow     whether it was slow
     */
    void record(long nowNanos, boolean failure, boolean slow);

    /**
     * @param target   FORCED_OPEN or CLOSED
     * @param nowNanos the clock
     * @param clear    whether to forget every counter, telemetry included
     */
    void force(CircuitState target, long nowNanos, boolean clear);

    /**
     * @param  name     the breaker's name, for the snapshot
     * @param  nowNanos the clock
     * @return          a consistent view of the counters
     */
    CircuitBreakerMetrics metrics(String name, long nowNanos);
}
