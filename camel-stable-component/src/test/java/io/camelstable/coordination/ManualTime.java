package io.camelstable.coordination;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import io.camelstable.engine.Cancellable;
import io.camelstable.engine.DelayScheduler;

/**
 * A clock and a scheduler in one: time moves only when a test calls {@link #advance}, which runs the tasks
 * that fall due, in due order, with the clock set to each task's due time. No thread, no sleeping.
 */
final class ManualTime implements DelayScheduler, LongSupplier {

    private record Task(long due, long seq, Runnable run, AtomicBoolean cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due() != b.due() ? Long.compare(a.due(), b.due()) : Long.compare(a.seq(), b.seq()));
    private long now = 1_000;
    private long seq;

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + delayMillis, seq++, task, new AtomicBoolean());
        tasks.add(t);
        return () -> t.cancelled().set(true);
    }

    @Override
    public synchronized long getAsLong() {
        return now;
    }

    /** Moves the clock forward by {@code millis}, running every task due by then (at most 10,000). */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        for (int guard = 0; guard < 10_000; guard++) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due() > target) {
                    break;
                }
                tasks.poll();
                now = Math.max(now, next.due());
            }
            if (!next.cancelled().get()) {
                next.run().run();
            }
        }
        synchronized (this) {
            now = target;
        }
    }

    /** @return tasks scheduled and neither run nor cancelled */
    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled().get()).count();
    }
}
