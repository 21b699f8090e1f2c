package io.camelstable.limit;

import java.util.concurrent.Executor;

import io.camelstable.policy.InvalidOptionException;

/**
 * At most {@code limit} calls in flight (permits of a {@link PermitPool}); others wait in arrival order without holding a thread, and a
 * finishing call hands its permit straight to the next waiter. The queue is bounded; a full queue
 * refuses with {@link LimitExceededException}. Hand-written because a {@code Semaphore} or resilience4j's
 * Bulkhead would block a thread to wait.
 */
public final class StableConcurrencyLimiter {

    private final String name;
    private final int limit;
    private final int queueSize;
    private final Executor executor;
    private final WaitQueue waiting = new WaitQueue();
    private final PermitPool permits;
    private long granted;
    private long queued;
    private long rejected;
    private int peak;

    /**
     * @param name      the name routes use to share it
     * @param limit     calls in flight, ≥ 1
     * @param queueSize callers that may wait, ≥ 0
     * @param executor  runs waiters when a permit passes to them (their calls may block)
     */
    public StableConcurrencyLimiter(String name, int limit, int queueSize, Executor executor) {
        InvalidOptionException.requireAtLeast("maxConcurrentRequests", limit, 1);
        InvalidOptionException.requireAtLeast("concurrencyQueueSize", queueSize, 0);
        this.name = name;
        this.limit = limit;
        this.queueSize = queueSize;
        this.executor = executor;
        this.permits = new LocalPermitPool(limit);
    }

    /**
     * Asks for a permit: granted at once in the calling thread, later on the executor, or refused when
     * the queue is full. A granted permit must be {@link #release() released} exactly once.
     *
     * @param callback told once
     */
    public void acquire(PermitCallback callback) {
        boolean now = false;
        boolean refuse = false;
        synchronized (this) {
            if (waiting.isEmpty() && permits.tryAcquire()) {
                granted++;
                peak = Math.max(peak, permits.inUse());
                now = true;
            } else if (waiting.size() >= queueSize) {
                rejected++;
                refuse = true;
            } else {
                queued++;
                waiting.add(callback);
            }
        }
        if (now) {
            callback.granted(-1, false);
        } else if (refuse) {
            callback.refused(new LimitExceededException(name, "Concurrency limiter '" + name + "' allows " + limit
                    + " calls in flight and its wait queue of " + queueSize + " is full"));
        }
    }

    /** Ends a call: its permit passes to the next waiter, if any. */
    public void release() {
        PermitCallback next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                permits.release();
                return;
            }
            granted++;
        }
        executor.execute(() -> next.granted(-1, true));
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

    /** @return calls allowed in flight */
    public int getLimit() {
        return limit;
    }

    /** @return the wait queue's capacity */
    public int getQueueSize() {
        return queueSize;
    }

    /** @return calls in flight now */
    public int getRunning() {
        return permits.inUse();
    }

    /** @return a consistent view of the counters */
    public synchronized LimiterMetrics getMetrics() {
        return new LimiterMetrics(name, granted, queued, rejected, waiting.size(), peak);
    }
}
