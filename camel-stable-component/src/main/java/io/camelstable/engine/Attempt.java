package io.camelstable.engine;

/**
 * One call of the delegate: the only thing that differs between {@code stable:request},
 * {@code stable:function} and the items of gateways and workflows. Everything else (hooks, analysis,
 * delays, timeouts, results) is the engine's.
 */
public interface Attempt {

    /**
     * Starts one attempt. It may complete inline or later on another thread, but must report through
     * {@code callback} exactly once.
     *
     * @param  context  the execution
     * @param  callback where to report
     * @return          a handle that aborts the attempt (used on {@code attemptTimeout}), never null
     */
    Cancellable start(AttemptContext context, AttemptCallback callback);

    /**
     * Whether {@link #start} may block its calling thread. An attempt under {@code attemptTimeout}, or of a
     * cancellable execution (a gateway item), that may block starts on a worker thread, where the timeout or a cancel
     * can interrupt it; one that never blocks (it hands the call to an event loop and returns) starts in the caller's
     * thread and is stopped through the handle its start returned, which saves a hand-off between threads per
     * attempt and holds no worker while it is in flight.
     *
     * @return true unless the attempt never blocks its caller
     */
    default boolean mayBlock() {
        return true;
    }

    /**
     * @param  raw the value the attempt reported
     * @return     the data a result and the analyzers see (for delegates: the response body)
     */
    default Object dataOf(Object raw) {
        return raw;
    }

    /**
     * The value of a simulated success in trial mode, where the delegate is never called.
     *
     * @param  context the execution
     * @return         a raw value, as {@link AttemptCallback#succeeded} would receive
     */
    default Object simulatedSuccess(AttemptContext context) {
        return null;
    }

    /**
     * @param  context the execution
     * @return         headers of the request, for masked log entries (empty for functions)
     */
    default java.util.Map<String, Object> requestHeaders(AttemptContext context) {
        return java.util.Map.of();
    }

    /**
     * Called once when the execution ends, so attempts can release what they held (exchange copies).
     *
     * @param raw the raw value of an attempt that is not the final one
     */
    default void discard(Object raw) {
    }
}
