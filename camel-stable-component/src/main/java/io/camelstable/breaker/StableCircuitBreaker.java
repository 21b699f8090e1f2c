package io.camelstable.breaker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named circuit breaker, shared by every endpoint that names it: its name, configuration, clock and
 * listeners. The state machine itself is a {@link BreakerState} ({@link LocalBreakerState} unless another
 * is given), so a cluster-wide state can replace it without changing the engine.
 */
public final class StableCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(StableCircuitBreaker.class);

    private final String name;
    private final CircuitBreakerConfig config;
    private final LongSupplier nanoClock;
    private final BreakerState state;
    private final List<CircuitBreakerListener> listeners = new CopyOnWriteArrayList<>();
    private final long slowNanos;

    /**
     * @param name         the name routes use to share it
     * @param config       its behaviour
     * @param nanoClock    monotonic nanoseconds (tests pass a virtual clock)
     * @param stateFactory builds the state from the config and a transition sink
     */
    public StableCircuitBreaker(String name, CircuitBreakerConfig config, LongSupplier nanoClock,
                                BiFunction<CircuitBreakerConfig, BreakerState.TransitionSink, BreakerState> stateFactory) {
        this.name = name;
        this.config = config;
        this.nanoClock = nanoClock;
        this.state = stateFactory.apply(config, this::transitioned);
        this.slowNanos = config.slowCallDurationThreshold() == 0 ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(config.slowCallDurationThreshold());
    }

    /**
     * @param name      the name
     * @param config    its behaviour
     * @param nanoClock monotonic nanoseconds
     */
    public StableCircuitBreaker(String name, CircuitBreakerConfig config, LongSupplier nanoClock) {
        this(name, config, nanoClock, LocalBreakerState::new);
    }

    /**
     * @param name   the name
     * @param config its behaviour
     */
    public StableCircuitBreaker(String name, CircuitBreakerConfig config) {
        this(name, config, System::nanoTime);
    }

    /**
     * Asks to make one call. A {@code true} must be followed by exactly one {@link #onResult} or
     * {@link #releasePermission()}.
     *
     * @return whether the call may proceed
     */
    public boolean tryAcquirePermission() {
        return state.state() == CircuitState.CLOSED || state.tryAcquire(nanoClock.getAsLong());
    }

    /** Gives back a permission whose call was never made (for example a limiter refused it afterwards). */
    public void releasePermission() {
        state.release();
    }

    /**
     * Records the outcome of a permitted call.
     *
     * @param failure       whether it failed (an analyzer rejection and a timeout count as failures)
     * @param durationNanos how long it took, for the slow-call rate
     */
    public void onResult(boolean failure, long durationNanos) {
        state.record(nanoClock.getAsLong(), failure, durationNanos >= slowNanos);
    }

    /** Opens the breaker by hand; it stays open until {@link #forceClosed()} or {@link #reset()}. */
    public void forceOpen() {
        state.force(CircuitState.FORCED_OPEN, nanoClock.getAsLong(), false);
    }

    /** Closes the breaker by hand, with an empty window. */
    public void forceClosed() {
        state.force(CircuitState.CLOSED, nanoClock.getAsLong(), false);
    }

    /** Closes the breaker and forgets every count, telemetry included. */
    public void reset() {
        state.force(CircuitState.CLOSED, nanoClock.getAsLong(), true);
    }

    private void transitioned(CircuitState from, CircuitState to) {
        LOG.info("Circuit breaker '{}' {} -> {}", name, from, to);
        for (CircuitBreakerListener l : listeners) {
            try {
                l.onStateTransition(this, from, to);
            } catch (RuntimeException e) {
                LOG.warn("Circuit breaker listener failed: {}", e.getMessage());
            }
        }
    }

    /** @param listener told of every transition */
    public void addListener(CircuitBreakerListener listener) {
        listeners.add(listener);
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @return the configuration */
    public CircuitBreakerConfig getConfig() {
        return config;
    }

    /** @return the current state (an OPEN breaker whose recovery time has passed reads OPEN until the next call) */
    public CircuitState getState() {
        return state.state();
    }

    /** @return a consistent view of the counters */
    public CircuitBreakerMetrics getMetrics() {
        return state.metrics(name, nanoClock.getAsLong());
    }

    @Override
    public String toString() {
        return "StableCircuitBreaker[" + name + ", " + getState() + "]";
    }
}
