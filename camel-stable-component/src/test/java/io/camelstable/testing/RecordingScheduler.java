package io.camelstable.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.camelstable.engine.Cancellable;
import io.camelstable.engine.DelayScheduler;

/**
 * A virtual-time scheduler: it records each requested delay, advances a virtual clock by it and runs
 * the task at once. Delay sequences are checked exactly, without sleeping.
 */
public final class RecordingScheduler implements DelayScheduler {

    private final List<Long> delays = new CopyOnWriteArrayList<>();
    private final AtomicLong virtualNanos = new AtomicLong();

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        delays.add(delayMillis);
        virtualNanos.addAndGet(delayMillis * 1_000_000);
        task.run();
        return Cancellable.NONE;
    }

    /** @return every delay requested, in order */
    public List<Long> delays() {
        return delays;
    }

    /** @return the virtual clock in nanoseconds */
    public long nanoTime() {
        return virtualNanos.get();
    }
}
