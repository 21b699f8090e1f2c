package io.camelstable.engine;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;

/**
 * The one engine every API runs on (DESIGN §4): it runs the attempts of an execution, waits between them
 * through a {@link DelayScheduler} (never a sleeping thread), enforces {@code attemptTimeout} by
 * cancelling, and produces the {@link StableResult}. Thread-safe and shareable; the {@code stable:}
 * component owns one built on Camel's thread pools.
 */
public final class StableEngine {

    private final DelayScheduler scheduler;
    private final Executor worker;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final DoubleSupplier random;
    /**
     * Wall-clock time at a monotonic instant, refreshed at most once a second: attempt timestamps are derived
     * from it, so an execution reads the monotonic clock only (about 20 ns a read saved on every call).
     */
    private volatile long[] wallAnchor;
    /** Executions waiting for their next attempt's delay: failed on shutdown rather than dropped. */
    private final Set<Execution> waiting = ConcurrentHashMap.newKeySet();

    private StableEngine(Builder b) {
        this.scheduler = b.scheduler;
        this.worker = b.worker;
        this.nanoClock = b.nanoClock;
        this.wallClock = b.wallClock;
        this.random = b.random;
    }

    /** @return a builder; scheduler and worker are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An engine for use without Camel routes, on daemon threads: one scheduling thread and a fixed pool of
     * {@code workers} threads with an unbounded queue (continuations after delays and timed attempts run there).
     *
     * @param  workers worker threads
     * @return         a new engine
     */
    public static StableEngine standalone(int workers) {
        ScheduledThreadPoolExecutor delays = new ScheduledThreadPoolExecutor(1, daemonThreads("stable-delay"));
        delays.setRemoveOnCancelPolicy(true);
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads("stable-worker"));
        return builder().scheduler(new ScheduledExecutorDelayScheduler(delays)).worker(pool).build();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs one execution. The first attempt starts in the calling thread; later ones start on the worker
     * executor after their delay.
     *
     * @param  options   the options for this execution
     * @param  attempt   the unit of work
     * @param  exchange  the exchange, or null outside routes
     * @param  arguments Java API arguments, or null
     * @param  token     handed back to the listener (for example Camel's AsyncCallback)
     * @param  listener  told once when the execution ends
     * @return           whether the execution already ended when this method returns
     */
    public boolean execute(ExecutionOptions options, Attempt attempt, Exchange exchange, Object arguments, Object token,
            ExecutionListener listener) {
        return new Execution(this, options, attempt, exchange, arguments, token, listener).start();
    }

    /**
     * Runs one execution that its caller may stop (the gateway's races, timeouts and stops): as
     * {@link #execute(ExecutionOptions, Attempt, Exchange, Object, Object, ExecutionListener)}, but every attempt
     * that {@linkplain Attempt#mayBlock() may block} runs on the worker executor, where cancelling interrupts it (one
     * that never blocks starts in the calling thread, and cancelling aborts it through the handle its start returned).
     * The listener is still told exactly once.
     *
     * @param  options   the options for this execution
     * @param  attempt   the unit of work
     * @param  exchange  the exchange, or null
     * @param  arguments Java API arguments, or null
     * @param  token     handed back to the listener
     * @param  listener  told once when the execution ends
     * @return           a handle that cancels the execution (harmless once it has ended)
     */
    public Cancellable executeCancellable(ExecutionOptions options, Attempt attempt, Exchange exchange, Object arguments,
            Object token, ExecutionListener listener) {
        Execution e = new Execution(this, options, attempt, exchange, arguments, token, listener);
        e.details().cancellable = true;
        e.start();
        return e;
    }

    /**
     * Runs one execution for the Java API. The future fails with {@link StableExecutionException} when the
     * execution failed and {@code throwOnFailure} is on (and no analyzer suppressed it); otherwise it completes
     * with the result, successful or not.
     *
     * @param  <T>       the data type
     * @param  options   the options
     * @param  attempt   the unit of work
     * @param  exchange  an exchange, or null
     * @param  arguments the arguments, or null
     * @return           the result
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<StableResult<T>> execute(ExecutionOptions options, Attempt attempt, Exchange exchange,
            Object arguments) {
        CompletableFuture<StableResult<T>> future = new CompletableFuture<>();
        execute(options, attempt, exchange, arguments, future, StableEngine::completeFuture);
        return future;
    }

    @SuppressWarnings("unchecked")
    private static void completeFuture(StableResult<Object> result, Object raw, boolean raise, Exchange exchange,
            Object token, boolean doneSync) {
        CompletableFuture<StableResult<Object>> future = (CompletableFuture<StableResult<Object>>) token;
        if (raise) {
            future.completeExceptionally(new StableExecutionException(result.getError(), result, result.getFailure()));
        } else {
            future.complete(result);
        }
    }

    /**
     * Ends every execution still waiting between attempts with a failure, so that no exchange is left
     * without an outcome when its scheduler stops.
     *
     * @param reason why (named in each failure)
     */
    public void abortWaiting(String reason) {
        for (Execution e : waiting) {
            if (waiting.remove(e)) {
                e.abort(new RejectedExecutionException(reason));
            }
        }
    }

    /** @return how many executions wait between attempts now (for tests and the dev console) */
    public int waitingCount() {
        return waiting.size();
    }

    /** Registers an execution about to wait. */
    void waiting(Execution e) {
        waiting.add(e);
    }

    /** @return whether the execution was still waiting (and now is not): the one who removes it continues it */
    boolean resume(Execution e) {
        return waiting.remove(e);
    }

    /** @return the scheduler that times every wait */
    public DelayScheduler scheduler() {
        return scheduler;
    }

    /** @return the executor that runs continuations */
    public Executor worker() {
        return worker;
    }

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    long wallTime() {
        return wallClock.getAsLong();
    }

    /** @return the epoch milliseconds at monotonic time {@code nanos} */
    long wallAt(long nanos) {
        long[] anchor = wallAnchor;
        if (anchor == null || Math.abs(nanos - anchor[1]) > 1_000_000_000L) {
            anchor = new long[] { wallClock.getAsLong(), nanoClock.getAsLong() };
            wallAnchor = anchor;
        }
        return anchor[0] + Math.floorDiv(nanos - anchor[1], 1_000_000L);
    }

    DoubleSupplier random() {
        return random;
    }

    /** Assembles an engine. */
    public static final class Builder {
        private DelayScheduler scheduler;
        private Executor worker;
        private LongSupplier nanoClock = System::nanoTime;
        private LongSupplier wallClock = System::currentTimeMillis;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** @param v waits between attempts and attempt timeouts @return this */
        public Builder scheduler(DelayScheduler v) {
            scheduler = v;
            return this;
        }

        /** @param v runs continuations after delays and timed attempts @return this */
        public Builder worker(Executor v) {
            worker = v;
            return this;
        }

        /** @param v monotonic nanoseconds, for durations @return this */
        public Builder nanoClock(LongSupplier v) {
            nanoClock = v;
            return this;
        }

        /** @param v epoch milliseconds, for timestamps and HTTP dates @return this */
        public Builder wallClock(LongSupplier v) {
            wallClock = v;
            return this;
        }

        /** @param v uniform numbers in [0, 1), for jitter and trial mode @return this */
        public Builder random(DoubleSupplier v) {
            random = v;
            return this;
        }

        /** @return the engine */
        public StableEngine build() {
            if (scheduler == null || worker == null) {
                throw new IllegalStateException("A StableEngine needs a scheduler and a worker executor");
            }
            return new StableEngine(this);
        }
    }
}
