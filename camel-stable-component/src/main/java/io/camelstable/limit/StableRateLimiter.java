package io.camelstable.limit;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.camelstable.engine.DelayScheduler;
import io.camelstable.policy.InvalidOptionException;

/**
 * At most {@code maxRequests} calls start within any window of {@code windowMs}: a sliding log of the
 * last starts (a {@link RateWindow}), so a call may start only when the start {@code maxRequests} places back is a full window
 * old (the seed's fixed windows let twice the rate through around a boundary, SPEC §4.1 #4). Waiters
 * queue in arrival order without holding a thread: one scheduled wake-up at a time releases them. The
 * queue is bounded; a full queue refuses with {@link LimitExceededException}. Hand-written because the
 * candidates (bucket4j, resilience4j) block a thread to wait.
 */
public final class StableRateLimiter {

    /** The largest window the sliding log accepts: 8 MB of timestamps. */
    public static final int MAX_REQUESTS_PER_WINDOW = 1_000_000;

    private final String name;
    private final int maxRequests;
    private final long windowNanos;
    private final int queueSize;
    private final DelayScheduler scheduler;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final RateWindow window;
    private final WaitQueue waiting = new WaitQueue();
    private boolean wakeUpScheduled;
    private long granted;
    private long throttled;
    private long rejected;

    /**
     * @param name        the name routes use to share it
     * @param maxRequests starts allowed per window, ≥ 1
     * @param windowMs    the window in milliseconds, ≥ 1
     * @param queueSize   callers that may wait, ≥ 0
     * @param scheduler   wakes waiters when a start leaves the window
     * @param executor    runs released waiters (their calls may block)
     * @param nanoClock   monotonic nanoseconds
     */
    public StableRateLimiter(String name, int maxRequests, long windowMs, int queueSize, DelayScheduler scheduler,
                             Executor executor, LongSupplier nanoClock) {
        InvalidOptionException.requireAtLeast("rateLimitMaxRequests", maxRequests, 1);
        if (maxRequests > MAX_REQUESTS_PER_WINDOW) {
            // the sliding log keeps one timestamp per start of the window: 8 bytes each
            throw new InvalidOptionException("rateLimitMaxRequests", maxRequests, "at most " + MAX_REQUESTS_PER_WINDOW
                    + " per window (the limiter keeps one timestamp per start); for a higher rate use a shorter"
                    + " rateLimitWindow, for example 1000 per 1 ms instead of 1000000 per second");
        }
        InvalidOptionException.requireAtLeast("rateLimitWindow", windowMs, 1);
        InvalidOptionException.requireAtLeast("rateLimitQueueSize", queueSize, 0);
        this.name = name;
        this.maxRequests = maxRequests;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        this.queueSize = queueSize;
        this.scheduler = scheduler;
        this.executor = executor;
        this.nanoClock = nanoClock;
        this.window = new LocalRateWindow(maxRequests, windowNanos);
    }

    /**
     * Asks to start a call: granted at once in the calling thread when the window has room, later on the
     * executor when it has to wait, or refused when the queue is full.
     *
     * @param callback told once
     */
    public void acquire(PermitCallback callback) {
        int slot = -1;
        synchronized (this) {
            if (waiting.isEmpty()) {
                slot = tryStart(nanoClock.getAsLong());
            }
            if (slot < 0) {
                if (waiting.size() >= queueSize) {
                    rejected++;
                } else {
                    throttled++;
                    waiting.add(callback);
                    scheduleWakeUp();
                    return;
                }
            }
        }
        if (slot >= 0) {
            callback.granted(slot, false);
        } else {
            callback.refused(new LimitExceededException(name, "Rate limiter '" + name + "' allows " + maxRequests
                    + " calls per " + TimeUnit.NANOSECONDS.toMillis(windowNanos) + " ms and its wait queue of "
                    + queueSize + " is full"));
        }
    }

    private int tryStart(long nowNanos) {
        int slot = window.tryStart(nowNanos);
        if (slot >= 0) {
            granted++;
        }
        return slot;
    }

    /**
     * Stamps a granted slot with the moment its call really started. A released waiter starts on a worker
     * thread a little after the grant; timing the window from the real start keeps "at most N starts in any
     * window" true where the calls leave, not only where permits are handed out.
     *
     * @param ticket   the slot given to {@link PermitCallback#granted}
     * @param nowNanos the call's start
     */
    public synchronized void started(int ticket, long nowNanos) {
        window.started(ticket, nowNanos);
    }

    private void scheduleWakeUp() {
        if (wakeUpScheduled) {
            return;
        }
        wakeUpScheduled = true;
        long delayNanos = Math.max(0, window.nextFreeAt() - nanoClock.getAsLong());
        // round up: waking a little late is safe, waking early only reschedules
        scheduler.schedule(this::wakeUp, (delayNanos + 999_999) / 1_000_000);
    }

    private void wakeUp() {
        ArrayDeque<PermitCallback> released = new ArrayDeque<>();
        ArrayDeque<Integer> slots = new ArrayDeque<>();
        synchronized (this) {
            wakeUpScheduled = false;
            long now = nanoClock.getAsLong();
            int slot;
            while (!waiting.isEmpty() && (slot = tryStart(now)) >= 0) {
                released.add(waiting.poll());
                slots.add(slot);
            }
            if (!waiting.isEmpty()) {
                scheduleWakeUp();
            }
        }
        for (PermitCallback callback : released) {
            int slot = slots.poll();
            executor.execute(() -> callback.granted(slot, true));
        }
    }

    /**
     * Refuses every caller still waiting, so none is left without an outcome when the limiter's owner stops.
     *
     * @param reason why
     */
    public void refuseWaiting(String reason) {
        waiting.refuseAll(this, reason);
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @return starts allowed per window */
    public int getMaxRequests() {
        return maxRequests;
    }

    /** @return the window in milliseconds */
    public long getWindowMs() {
        return TimeUnit.NANOSECONDS.toMillis(windowNanos);
    }

    /** @return the wait queue's capacity */
    public int getQueueSize() {
        return queueSize;
    }

    /** @return a consistent view of the counters */
    public synchronized LimiterMetrics getMetrics() {
        return new LimiterMetrics(name, granted, throttled, rejected, waiting.size(), maxRequests);
    }
}
