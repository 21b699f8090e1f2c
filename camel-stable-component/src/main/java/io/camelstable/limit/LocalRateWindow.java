package io.camelstable.limit;

/** The last starts of one JVM, in a ring. Not thread-safe: its limiter serialises the calls (see RateWindow). */
public final class LocalRateWindow implements RateWindow {

    private final long windowNanos;
    private final long[] starts;
    private int next;
    private int count;

    /**
     * @param maxRequests starts allowed per window
     * @param windowNanos the window
     */
    public LocalRateWindow(int maxRequests, long windowNanos) {
        this.windowNanos = windowNanos;
        this.starts = new long[maxRequests];
    }

    @Override
    public int tryStart(long nowNanos) {
        if (count == starts.length && nowNanos - starts[next] < windowNanos) {
            return -1;
        }
        int slot = next;
        starts[slot] = nowNanos;
        next = (next + 1) % starts.length;
        count = Math.min(count + 1, starts.length);
        return slot;
    }

    @Override
    public void started(int slot, long nowNanos) {
        if (slot >= 0 && nowNanos > starts[slot]) {
            starts[slot] = nowNanos;
        }
    }

    @Override
    public long nextFreeAt() {
        return starts[next] + windowNanos;
    }
}
