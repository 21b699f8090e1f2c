package io.camelstable.infinispan.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails the calls that get no answer in time with the JDK's {@link TimeoutException}, like
 * {@link CompletableFuture#orTimeout}, from one sweep every {@value #SWEEP_MILLIS} ms on the coordinator's timer
 * thread. Why by hand: {@code orTimeout} schedules a task per call on the JDK's single delayer thread and, the
 * queue being empty between calls, wakes that thread every time; on two cores that wake-up was most of what a CAS
 * from the key's primary owner cost above a raw {@code replace} (1.24 × with it, 1.15 × without, benchmarks/README,
 * "Coordination latency"). A deadline may pass by up to one sweep before the call fails.
 */
final class AnswerDeadlines {

    static final long SWEEP_MILLIS = 250;

    private record Pending(CompletableFuture<?> answer, long deadlineNanos) {
    }

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    /** Starts sweeping on {@code timers} until it is shut down. */
    AnswerDeadlines(ScheduledExecutorService timers) {
        timers.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Fails {@code answer} with a {@link TimeoutException} if it is not complete within {@code millis}. */
    void watch(CompletableFuture<?> answer, long millis) {
        pending.add(new Pending(answer, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis)));
    }

    private void sweep() {
        long now = System.nanoTime();
        pending.removeIf(p -> {
            if (p.answer().isDone()) {
                return true;
            }
            if (now - p.deadlineNanos() < 0) {
                return false;
            }
            p.answer().completeExceptionally(new TimeoutException());
            return true;
        });
    }
}
