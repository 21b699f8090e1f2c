package io.camelstable.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelstable.engine.Cancellable;
import io.camelstable.engine.DelayScheduler;

/**
 * A scheduler whose tasks run only when a test fires them: timeouts happen exactly when the test says, with
 * no clock and no sleeping. A cancelled task does not run when fired.
 */
public final class ManualScheduler implements DelayScheduler {

    private record Scheduled(Runnable task, long delayMillis, AtomicBoolean cancelled) {
    }

    private final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Scheduled s = new Scheduled(task, delayMillis, new AtomicBoolean());
        scheduled.add(s);
        return () -> s.cancelled().set(true);
    }

    /** Runs the {@code index}-th task scheduled (0-based), unless it was cancelled. */
    public void fire(int index) {
        Scheduled s = scheduled.get(index);
        if (!s.cancelled().get()) {
            s.task().run();
        }
    }

    /** Runs the {@code index}-th task even if it was cancelled: a timer that had already started when cancelled. */
    public void fireAnyway(int index) {
        scheduled.get(index).task().run();
    }

    /** @return how many tasks were scheduled */
    public int count() {
        return scheduled.size();
    }

    /** @return whether the {@code index}-th task was cancelled */
    public boolean cancelled(int index) {
        return scheduled.get(index).cancelled().get();
    }

    /** @return the delay the {@code index}-th task asked for */
    public long delay(int index) {
        return scheduled.get(index).delayMillis();
    }
}
