package io.camelstable.buffer;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.engine.DelayScheduler;
import io.camelstable.engine.ScheduledExecutorDelayScheduler;

/**
 * Threads for buffers built outside Camel without an executor or scheduler: created on first use, daemon, idle
 * ones ending after a minute. A pool of their own rather than the common fork-join pool (one thread on two cores),
 * because a timed-out transaction that ignores its interrupt keeps its thread, and must not take the only one.
 */
final class BufferDefaults {

    private BufferDefaults() {
    }

    private static final class Holder {
        static final ExecutorService EXECUTOR = pool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(
                daemon("stable-buffer-timeouts-"));
        static final DelayScheduler SCHEDULER = new ScheduledExecutorDelayScheduler(TIMEOUTS);
    }

    static Executor executor() {
        return Holder.EXECUTOR;
    }

    static DelayScheduler scheduler() {
        return Holder.SCHEDULER;
    }

    private static ExecutorService pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("stable-buffer-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
