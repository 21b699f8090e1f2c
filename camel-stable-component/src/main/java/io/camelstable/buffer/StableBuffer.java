package io.camelstable.buffer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.camelstable.engine.DelayScheduler;
import io.camelstable.guardrail.MetricsGuardrails;

/**
 * Transactional shared state (SPEC §1.21): a named map that transactions change one at a time, in the order
 * they were submitted, and that anyone may read at any time.
 * <ul>
 * <li><b>Writes</b> ({@link #transaction(TransactionFunction)}, {@link #transaction(String, Map)}) queue in a
 * lock-free queue and return a future at once. No thread waits for its turn: the thread that finishes a
 * transaction runs the next one, and an idle buffer hands a new one to its executor.</li>
 * <li><b>Copy on write:</b> a transaction changes a working copy ({@link BufferConfig#copier()}: nested maps,
 * lists and sets are copied; other values must be immutable). Only when it returns normally is the copy
 * committed; when it throws or times out the state stays exactly as it was.</li>
 * <li><b>Reads</b> ({@link #read()}, {@link #snapshot()}, {@link #view()}) return the last committed state,
 * deep-frozen, without entering the queue.</li>
 * <li><b>Timeouts</b> run on a scheduler: a queued transaction that times out is removed and never runs; a
 * running one is interrupted, its changes are dropped, and the queue moves on at once even if it ignores the
 * interrupt.</li>
 * <li><b>Re-entrancy:</b> a transaction that starts another on the same buffer would wait for itself; that call
 * fails at once with an {@link IllegalStateException}.</li>
 * <li><b>Log:</b> each commit becomes a {@link TransactionLogEntry} in the {@link TransactionLogSink}, written
 * before the change is visible. {@link #replay} re-runs a log's named transactions; {@link #restore} applies
 * its recorded changes.</li>
 * </ul>
 */
public final class StableBuffer implements AutoCloseable {

    /** Transactions one drain runs before it hands the queue back to the executor, so one thread is not kept. */
    private static final int BATCH = 256;

    private final String name;
    private final BufferConfig config;
    private final Executor executor;
    private final DelayScheduler scheduler;
    private final MetricsGuardrails guardrails;
    private final ConcurrentLinkedQueue<TransactionTask<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final BufferCounters counters = new BufferCounters();
    private final BufferView view = new BufferView(this);
    private volatile BufferSnapshot committed;
    /** The thread inside a transaction's body right now, to refuse a re-entrant transaction at once. */
    private final AtomicReference<Thread> inBody = new AtomicReference<>();

    /**
     * @param name      the buffer's name, in logs, metrics and errors
     * @param config    its configuration
     * @param executor  runs transactions and completes their futures; it must hand tasks to other threads (a
     *                  pool), which a timeout may interrupt
     * @param scheduler times the transactions out, holding no thread while it waits
     */
    public StableBuffer(String name, BufferConfig config, Executor executor, DelayScheduler scheduler) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A StableBuffer needs a name");
        }
        this.name = name;
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.guardrails = config.guardrails().isEmpty() ? null
                : new MetricsGuardrails(config.guardrails(), BufferMetrics.GUARDRAIL_METRICS);
        this.committed = new BufferSnapshot(name, 0, Instant.now(), config.initialState());
    }

    /**
     * A buffer on daemon threads of its own (outside Camel; inside, buffers use the component's threads).
     *
     * @param  name   the buffer's name
     * @param  config its configuration
     * @return        the buffer
     */
    public static StableBuffer create(String name, BufferConfig config) {
        return new StableBuffer(name, config, BufferDefaults.executor(), BufferDefaults.scheduler());
    }

    /**
     * The buffer behind a {@link #view()}, for a hook that was handed the view and needs to write.
     *
     * @param  map a map that may be a buffer's view
     * @return     the buffer, or null when {@code map} is no buffer's view
     */
    public static StableBuffer of(Map<String, Object> map) {
        return map instanceof BufferView v ? v.buffer() : null;
    }

    /**
     * Queues a transaction.
     *
     * @param  <R>                   its result type
     * @param  body                  reads and changes the working copy; its return value completes the future
     * @return                       completes with the body's result once committed, or exceptionally with what
     *                               it threw, or a {@link BufferTimeoutException}
     * @throws IllegalStateException when called from inside a transaction of this buffer
     */
    public <R> CompletableFuture<R> transaction(TransactionFunction<R> body) {
        return submit(null, Map.of(), Objects.requireNonNull(body, "body"), -1);
    }

    /**
     * Queues a named transaction of {@link BufferConfig#transactions()}; the log records its name and parameters,
     * so a replay runs it again.
     *
     * @param  transactionName          the registered name
     * @param  parameters               its parameters (copied now; they go to the log as they are)
     * @return                          completes with the transaction's result once committed
     * @throws IllegalArgumentException when no transaction is registered under that name
     * @throws IllegalStateException    when called from inside a transaction of this buffer
     */
    public CompletableFuture<Object> transaction(String transactionName, Map<String, ?> parameters) {
        NamedTransaction named = config.transactions().get(transactionName);
        if (named == null) {
            throw new IllegalArgumentException("StableBuffer '" + name + "' has no transaction registered as '"
                                               + transactionName + "'; registered: " + config.transactions().names());
        }
        return transaction(transactionName, named, parameters);
    }

    /**
     * Queues a transaction under a name of the caller's choosing (a bean's name, for example) without registering
     * it. The log records the name and the parameters; a replay needs a registry mapping that name to this code.
     *
     * @param  transactionName       the name the log records
     * @param  transaction           the code
     * @param  parameters            its parameters (copied now)
     * @return                       completes with the transaction's result once committed
     * @throws IllegalStateException when called from inside a transaction of this buffer
     */
    public CompletableFuture<Object> transaction(String transactionName, NamedTransaction transaction,
            Map<String, ?> parameters) {
        Objects.requireNonNull(transactionName, "transactionName");
        Objects.requireNonNull(transaction, "transaction");
        Map<String, Object> params = DeepState.freeze(parameters == null ? Map.of() : parameters);
        return submit(transactionName, params, state -> transaction.apply(state, params), -1);
    }

    /**
     * Re-runs the named transactions of a log with their recorded parameters, in sequence order, as one
     * transaction: all apply or none. Repeated ids are skipped. The log of one buffer may be replayed into any
     * buffer; from a log several buffers share, only the entries of this buffer's name are taken.
     *
     * @param  log                      entries, in any order
     * @param  registry                 the transactions by the names the log records
     * @param  skipUnknown              whether an entry naming no registered transaction is skipped (else the
     *                                  replay fails naming it, and nothing is applied)
     * @return                          completes with what was applied
     * @throws IllegalArgumentException at once, for an unknown name (without skipUnknown) or a log whose
     *                                  sequence numbers repeat
     */
    public CompletableFuture<RecoveryResult> replay(List<TransactionLogEntry> log, TransactionRegistry registry,
            boolean skipUnknown) {
        LogRecovery plan = LogRecovery.replay(name, log, registry, skipUnknown);
        return submit(null, Map.of(), plan::apply, plan.lastSequence());
    }

    /** {@link #replay(List, TransactionRegistry, boolean)} that fails on an unknown name. */
    public CompletableFuture<RecoveryResult> replay(List<TransactionLogEntry> log, TransactionRegistry registry) {
        return replay(log, registry, false);
    }

    /**
     * Applies the recorded changes of a log (keys set, keys removed) in sequence order, as one transaction, without
     * running any transaction code. Apply it to a buffer with the log's initial state: a log holds changes. Which
     * entries are taken is as for {@link #replay(List, TransactionRegistry, boolean)}.
     *
     * @param  log entries, in any order
     * @return     completes with what was applied
     */
    public CompletableFuture<RecoveryResult> restore(List<TransactionLogEntry> log) {
        LogRecovery plan = LogRecovery.restore(name, log);
        return submit(null, Map.of(), plan::apply, plan.lastSequence());
    }

    /** @return the last committed state, deep-frozen; never waits and never queues */
    public Map<String, Object> read() {
        return committed.state();
    }

    /** @return the last committed state with its sequence number and commit time */
    public BufferSnapshot snapshot() {
        return committed;
    }

    /**
     * @return a read-only map that always shows the last committed state (each call reads the latest); hand it to
     *         code that expects a {@code Map}, such as hooks, and get the buffer back with {@link #of(Map)}
     */
    public Map<String, Object> view() {
        return view;
    }

    /** @return the counters, validated against the buffer's guardrails when it has some */
    public BufferMetrics getMetrics() {
        return counters.snapshot(name, guardrails, System.currentTimeMillis());
    }

    /** @return the buffer's name */
    public String getName() {
        return name;
    }

    /** @return its configuration */
    public BufferConfig getConfig() {
        return config;
    }

    /** Closes the log sink (a file sink opens its file again on the next commit); the buffer stays usable. */
    @Override
    public void close() throws IOException {
        if (config.logSink() != null) {
            config.logSink().close();
        }
    }

    @Override
    public String toString() {
        return "StableBuffer[" + name + ", sequence " + committed.sequence() + "]";
    }

    private <R> CompletableFuture<R> submit(String transactionName, Map<String, Object> params, TransactionFunction<R> body,
            long recoveredSequence) {
        if (inBody.get() == Thread.currentThread()) {
            throw new IllegalStateException("StableBuffer '" + name + "': a transaction was started from inside a"
                                            + " transaction of the same buffer; it would wait for itself. Make the change"
                                            + " in the running transaction instead");
        }
        TransactionTask<R> task = new TransactionTask<>(transactionName, params, body, recoveredSequence, System.nanoTime());
        if (config.transactionTimeoutMs() > 0) {
            // scheduled before the task is queued, so whoever runs it sees its timer
            task.timer = scheduler.schedule(() -> timeOut(task), config.transactionTimeoutMs());
        }
        counters.queued.incrementAndGet();
        queue.add(task);
        drainLater();
        return task.future;
    }

    /** Starts a drain on the executor unless one runs or nothing waits. */
    private void drainLater() {
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                refuseQueued(e);
            }
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            TransactionTask<?> task = queue.poll();
            if (task == null) {
                break;
            }
            counters.queued.decrementAndGet();
            if (task.start(Thread.currentThread(), System.nanoTime()) && !run(task)) {
                return; // it timed out while running: the timer handed the queue to another drain
            }
        }
        draining.set(false);
        drainLater(); // a transaction queued while this drain was ending, or more than one batch
    }

    /** @return whether this thread still owns the queue (false when the task timed out while running) */
    private <R> boolean run(TransactionTask<R> task) {
        long start = task.startedNanos;
        counters.started(start - task.submittedNanos);
        BufferSnapshot before = committed;
        R result = null;
        Throwable failure = null;
        Map<String, Object> working = null;
        inBody.set(Thread.currentThread());
        try {
            working = config.copier().mutableCopy(before.state());
            result = task.body.apply(working);
        } catch (Throwable t) {
            failure = t;
        } finally {
            // only if still ours: after a timeout the next transaction may already be in its body
            inBody.compareAndSet(Thread.currentThread(), null);
        }
        boolean mine = task.beginCommit();
        Thread.interrupted(); // a timeout's interrupt, or one the body left, must not reach the next task
        if (!mine) {
            return false;
        }
        if (failure == null) {
            try {
                commit(task, before, working);
            } catch (Throwable t) {
                failure = t;
            }
        }
        task.end();
        task.timer.cancel();
        counters.ran(System.nanoTime() - start);
        (failure == null ? counters.committed : counters.failed).increment();
        complete(task, result, failure);
        return true;
    }

    /** Logs the change, then makes it visible; a log that fails leaves the state as it was. */
    private void commit(TransactionTask<?> task, BufferSnapshot before, Map<String, Object> working) throws IOException {
        Map<String, Object> old = before.state();
        Map<String, Object> set = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (String key : old.keySet()) {
            if (!working.containsKey(key)) {
                removed.add(key);
            }
        }
        Map<String, Object> next = new LinkedHashMap<>(Math.max(16, working.size() * 2));
        working.forEach((key, value) -> {
            Object previous = old.get(key);
            if ((previous == null && !old.containsKey(key)) || !Objects.equals(previous, value)) {
                previous = DeepState.frozen(key, value);
                set.put(key, previous);
            }
            next.put(key, previous);
        });
        boolean recovery = task.recoveredSequence >= 0;
        long sequence = recovery ? Math.max(before.sequence(), task.recoveredSequence) : before.sequence() + 1;
        Instant now = Instant.now();
        if (!recovery && config.logSink() != null) {
            config.logSink().append(new TransactionLogEntry(UUID.randomUUID().toString(), sequence, now, name, task.name,
                    task.parameters, set, removed));
        }
        committed = new BufferSnapshot(name, sequence, now, Collections.unmodifiableMap(next));
    }

    private void timeOut(TransactionTask<?> task) {
        int was = task.timeOut();
        if (was == TransactionTask.QUEUED) {
            if (queue.remove(task)) {
                counters.queued.decrementAndGet();
            }
        } else if (was == TransactionTask.RUNNING) {
            counters.ran(System.nanoTime() - task.startedNanos);
            // the interrupted body may never return: the queue moves on without it, on the executor
            draining.set(false);
            drainLater();
        } else {
            return;
        }
        counters.timedOut.increment();
        complete(task, null, new BufferTimeoutException(name, config.transactionTimeoutMs(), was == TransactionTask.RUNNING));
    }

    /** Completes on the executor, so the caller's continuation never runs on the drain or timer thread. */
    private <R> void complete(TransactionTask<R> task, R result, Throwable failure) {
        Runnable completion = failure == null ? () -> task.future.complete(result)
                : () -> task.future.completeExceptionally(failure);
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    private void refuseQueued(RejectedExecutionException e) {
        for (TransactionTask<?> task = queue.poll(); task != null; task = queue.poll()) {
            counters.queued.decrementAndGet();
            if (task.timeOut() == TransactionTask.QUEUED) {
                task.timer.cancel();
                counters.failed.increment();
                task.future.completeExceptionally(e);
            }
        }
    }
}
