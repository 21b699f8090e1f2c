package io.camelstable.breaker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named circuit breaker shared by every endpoint that names it. The state machine fixes the seed's
 * defects (SPEC §4.2 #6–9): recovery is timed from the moment the breaker opened, so calls refused while
 * OPEN never postpone it; HALF_OPEN admits exactly {@code halfOpenMaxRequests} calls in flight and decides
 * as soon as they have all completed, so it can never stay half-open; the window is a real sliding window.
 * <p>
 * Concurrency: the CLOSED fast path reads one volatile field; outcomes and transitions take the object's
 * lock (as resilience4j's window does), which keeps the window and the half-open counts consistent.
 */
public final class StableCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(StableCircuitBreaker.class);

    private final String name;
    private final CircuitBreakerConfig config;
    private final LongSupplier nanoClock;
    private final SlidingWindow window;
    private final List<CircuitBreakerListener> listeners = new CopyOnWriteArrayList<>();
    private final long slowNanos;

    private volatile CircuitState state = CircuitState.CLOSED;
    private long openedAtNanos;
    private int halfOpenAdmitted;
    private int halfOpenCompleted;
    private int halfOpenSucceeded;
    private long notPermittedCalls;
    private long stateTransitions;
    private long openCount;
    private long successfulRecoveries;
    private long failedRecoveries;

    /**
     * @param name      the name routes use to share it
     * @param config    its behaviour
     * @param nanoClock monotonic nanoseconds (tests pass a virtual clock)
     */
    public StableCircuitBreaker(String name, CircuitBreakerConfig config, LongSupplier nanoClock) {
        this.name = name;
        this.config = config;
        this.nanoClock = nanoClock;
        this.window = config.slidingWindowType() == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                ? new SlidingWindow.CountBased(config.slidingWindowSize())
                : new SlidingWindow.TimeBased(config.slidingWindowSize());
        this.slowNanos = config.slowCallDurationThreshold() == 0 ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(config.slowCallDurationThreshold());
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
        if (state == CircuitState.CLOSED) {
            return true;
        }
        synchronized (this) {
            if (state == CircuitState.OPEN && nanoClock.getAsLong() - openedAtNanos
                    >= TimeUnit.MILLISECONDS.toNanos(config.recoveryTimeoutMs())) {
                transition(CircuitState.HALF_OPEN);
            }
            switch (state) {
                case CLOSED:
                    return true;
                case HALF_OPEN:
                    if (halfOpenAdmitted < config.halfOpenMaxRequests()) {
                        halfOpenAdmitted++;
                        return true;
                    }
                    break;
                default:
                    break;
            }
            notPermittedCalls++;
            return false;
        }
    }

    /**
     * Gives back a permission whose call was never made (for example a limiter refused it afterwards).
     */
    public synchronized void releasePermission() {
        if (state == CircuitState.HALF_OPEN && halfOpenAdmitted > halfOpenCompleted) {
            halfOpenAdmitted--;
        }
    }

    /**
     * Records the outcome of a permitted call.
     *
     * @param failure       whether it failed (an analyzer rejection and a timeout count as failures)
     * @param durationNanos how long it took, for the slow-call rate
     */
    public synchronized void onResult(boolean failure, long durationNanos) {
        boolean slow = durationNanos >= slowNanos;
        switch (state) {
            case CLOSED -> {
                window.record(nanoClock.getAsLong(), failure, slow);
                if (window.calls() >= config.minimumRequests()
                        && (window.failureRate() >= config.failureThresholdPercentage()
                                || window.slowRate() >= config.slowCallRateThreshold())) {
                    transition(CircuitState.OPEN);
                }
            }
            case HALF_OPEN -> {
                halfOpenCompleted++;
                if (!failure && !slow) {
                    halfOpenSucceeded++;
                }
                if (halfOpenCompleted >= config.halfOpenMaxRequests()) {
                    boolean recovered = halfOpenSucceeded * 100.0 / halfOpenCompleted >= config.successThresholdPercentage();
                    transition(recovered ? CircuitState.CLOSED : CircuitState.OPEN);
                }
            }
            default -> {
                // a late outcome of a call started before the breaker opened: it neither counts nor postpones recovery
            }
        }
    }

    /** Opens the breaker by hand; it stays open until {@link #forceClosed()} or {@link #reset()}. */
    public synchronized void forceOpen() {
        transition(CircuitState.FORCED_OPEN);
    }

    /** Closes the breaker by hand, with an empty window. */
    public synchronized void forceClosed() {
        transition(CircuitState.CLOSED);
    }

    /** Closes the breaker and forgets every count, telemetry included. */
    public synchronized void reset() {
        transition(CircuitState.CLOSED);
        notPermittedCalls = 0;
        stateTransitions = 0;
        openCount = 0;
        successfulRecoveries = 0;
        failedRecoveries = 0;
    }

    private void transition(CircuitState to) {
        CircuitState from = state;
        if (from == to && to != CircuitState.CLOSED) {
            return;
        }
        switch (to) {
            case OPEN, FORCED_OPEN -> {
                openedAtNanos = nanoClock.getAsLong();
                openCount++;
                if (from == CircuitState.HALF_OPEN) {
                    failedRecoveries++;
                }
            }
            case CLOSED -> {
                window.clear();
                if (from == CircuitState.HALF_OPEN) {
                    successfulRecoveries++;
                }
            }
            default -> {
            }
        }
        halfOpenAdmitted = 0;
        halfOpenCompleted = 0;
        halfOpenSucceeded = 0;
        state = to;
        if (from != to) {
            stateTransitions++;
            LOG.info("Circuit breaker '{}' {} -> {}", name, from, to);
            for (CircuitBreakerListener l : listeners) {
                try {
                    l.onStateTransition(this, from, to);
                } catch (RuntimeException e) {
                    LOG.warn("Circuit breaker listener failed: {}", e.getMessage());
                }
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
        return state;
    }

    /** @return a consistent view of the counters */
    public synchronized CircuitBreakerMetrics getMetrics() {
        long openUntilNanos = state == CircuitState.OPEN
                ? openedAtNanos + TimeUnit.MILLISECONDS.toNanos(config.recoveryTimeoutMs()) - nanoClock.getAsLong() : 0;
        return new CircuitBreakerMetrics(name, state, window.calls(), window.failures(), window.slowCalls(),
                window.failureRate(), window.slowRate(), notPermittedCalls, halfOpenAdmitted - halfOpenCompleted,
                stateTransitions, openCount, successfulRecoveries, failedRecoveries,
                Math.max(0, TimeUnit.NANOSECONDS.toMillis(openUntilNanos)));
    }

    @Override
    public String toString() {
        return "StableCircuitBreaker[" + name + ", " + state + "]";
    }
}
