package io.camelstable.limit;

/**
 * Where a rate limiter's state lives: the start times of the last {@code maxRequests} calls.
 * {@link LocalRateWindow} keeps them in this JVM; a cluster-wide window can replace it (the limiter's wait
 * queue stays local, since it holds this JVM's continuations). The limiter calls it under its own lock, one
 * call at a time, so a local window needs no lock of its own; a cluster-wide one makes each call atomic.
 */
public interface RateWindow {

    /**
     * @param  nowNanos the clock
     * @return          the slot taken when the oldest start has left the window, or -1
     */
    int tryStart(long nowNanos);

    /**
     * @param slot     a slot returned by {@link #tryStart}
     * @param nowNanos the call's real start, later than the grant
     */
    void started(int slot, long nowNanos);

    /** @return the time at which the oldest start leaves the window, in nanoseconds of the same clock */
    long nextFreeAt();
}
