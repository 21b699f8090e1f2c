package io.camelstable.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link DelayScheduler} on a {@link ScheduledExecutorService}: a waiting exchange costs one entry in
 * the executor's unbounded delay queue, never a thread and never a slot in a bounded queue.
 *
 * @param executor the scheduling executor (Camel's, from the ExecutorServiceManager, inside a route)
 */
public record ScheduledExecutorDelayScheduler(ScheduledExecutorService executor) implements DelayScheduler {

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
