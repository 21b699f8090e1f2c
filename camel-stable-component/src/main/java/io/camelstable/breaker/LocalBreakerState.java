package io.camelstable.breaker;

import java.util.concurrent.TimeUnit;

/**
 * The breaker state of one JVM. The state machine fixes the seed's defects (SPEC §4.2 #6–9): recovery is
 * timed from the moment the breaker opened, so refused calls never postpone it; HALF_OPEN admits exactly
 * {@code halfOpenMaxRequests} calls in flight and decides as soon as they have all completed, so it can
 * never stay half-open; the window is a real sliding window.
 * <p>
 * Concurrency: {@link #state()} is one volatile read (the CLOSED fast path); everything else holds this
 * object's lock, as resilience4j's window does.
 */
public final class LocalBreakerState implements BreakerState {

    private final CircuitBreakerConfig config;
    private final TransitionSink sink;
    private final SlidingWindow window;
    private final long recoveryNanos;

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
     * @param config how to decide
     * @param sink   told of each transition, outside the lock
     */
    public LocalBreakerState(CircuitBreakerConfig config, TransitionSink sink) {
        this.config = config;
        this.sink = sink;
        this.window = config.slidingWindowType() == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                ? new SlidingWindow.CountBased(config.slidingWindowSize())
                : new SlidingWindow.TimeBased(config.slidingWindowSize());
        this.recoveryNanos = TimeUnit.MILLISECONDS.toNanos(config.recoveryTimeoutMs());
    }

    @Override
    public CircuitState state() {
        return state;
    }

    @Override
    public boolean tryAcquire(long nowNanos) {
        CircuitState from = null;
        boolean granted = false;
        synchronized (this) {
            if (state == CircuitState.OPEN && nowNanos - openedAtNanos >= recoveryNanos) {
                from = transition(CircuitState.HALF_OPEN, nowNanos);
            }
            if (state == CircuitState.CLOSED) {
                granted = true;
            } else if (state == CircuitState.HALF_OPEN && halfOpenAdmitted < config.halfOpenMaxRequests()) {
                halfOpenAdmitted++;
                granted = true;
            } else {
                notPermittedCalls++;
            }
        }
        notify(from, CircuitState.HALF_OPEN);
        return granted;
    }

    @Override
    public synchronized void release() {
        if (state == CircuitState.HALF_OPEN && halfOpenAdmitted > halfOpenCompleted) {
            halfOpenAdmitted--;
        }
    }

    @Override
    public void record(long nowNanos, boolean failure, boolean slow) {
        CircuitState from = null;
        CircuitState to = null;
        synchronized (this) {
            switch (state) {
                case CLOSED -> {
                    window.record(nowNanos, failure, slow);
                    if (window.calls() >= config.minimumRequests()
                            && (window.failureRate() >= config.failureThresholdPercentage()
                                    || window.slowRate() >= config.slowCallRateThreshold())) {
                        to = CircuitState.OPEN;
                    }
                }
                case HALF_OPEN -> {
                    halfOpenCompleted++;
                    if (!failure && !slow) {
                        halfOpenSucceeded++;
                    }
                    if (halfOpenCompleted >= config.halfOpenMaxRequests()) {
                        boolean recovered = halfOpenSucceeded * 100.0 / halfOpenCompleted >= config.successThresholdPercentage();
                        to = recovered ? CircuitState.CLOSED : CircuitState.OPEN;
                    }
                }
                default -> {
                    // a late outcome of a call started before the breaker opened: it neither counts nor postpones recovery
                }
            }
            if (to != null) {
                from = transition(to, nowNanos);
            }
        }
        notify(from, to);
    }

    @Override
    public void force(CircuitState target, long nowNanos, boolean clear) {
        CircuitState from;
        synchronized (this) {
            from = transition(target, nowNanos);
            if (clear) {
                notPermittedCalls = 0;
                stateTransitions = 0;
                openCount = 0;
                successfulRecoveries = 0;
                failedRecoveries = 0;
            }
        }
        notify(from, target);
    }

    /** Changes state under the lock; returns the state left when it changed, else null. */
    private CircuitState transition(CircuitState to, long nowNanos) {
        CircuitState from = state;
        if (from == to && to != CircuitState.CLOSED) {
            return null;
        }
        switch (to) {
            case OPEN, FORCED_OPEN -> {
                openedAtNanos = nowNanos;
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
        if (from == to) {
            return null;
        }
        stateTransitions++;
        return from;
    }

    private void notify(CircuitState from, CircuitState to) {
        if (from != null) {
            sink.transitioned(from, to);
        }
    }

    @Override
    public synchronized CircuitBreakerMetrics metrics(String name, long nowNanos) {
        long untilRecovery = state == CircuitState.OPEN ? openedAtNanos + recoveryNanos - nowNanos : 0;
        return new CircuitBreakerMetrics(name, state, window.calls(), window.failures(), window.slowCalls(),
                window.failureRate(), window.slowRate(), notPermittedCalls, halfOpenAdmitted - halfOpenCompleted,
                stateTransitions, openCount, successfulRecoveries, failedRecoveries,
                Math.max(0, TimeUnit.NANOSECONDS.toMillis(untilRecovery)));
    }
}
