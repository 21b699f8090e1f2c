package io.camelstable.buffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.camelstable.engine.Cancellable;

/**
 * One submitted transaction and the one decision that matters about it: does it commit, or did its timeout
 * win? The runner and the timer settle that under this object's monitor, held only for a state change (never
 * while anything waits), so a timed-out transaction can never commit, and the interrupt a timer sends is
 * delivered before the runner clears it.
 *
 * @param <R> the caller's result
 */
final class TransactionTask<R> {

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int COMMITTING = 2;
    static final int ENDED = 3;

    final String name;
    final Map<String, Object> parameters;
    final TransactionFunction<R> body;
    /** For a replay or restore: the sequence the log reached, and the commit is not logged again; else -1. */
    final long recoveredSequence;
    final long submittedNanos;
    final CompletableFuture<R> future = new CompletableFuture<>();
    volatile Cancellable timer = Cancellable.NONE;
    volatile long startedNanos;

    private int state = QUEUED;
    private Thread runner;

    TransactionTask(String name, Map<String, Object> parameters, TransactionFunction<R> body, long recoveredSequence,
            long submittedNanos) {
        this.name = name;
        this.parameters = parameters;
        this.body = body;
        this.recoveredSequence = recoveredSequence;
        this.submittedNanos = submittedNanos;
    }

    /** @return whether the task was still queued, and now runs on {@code thread} since {@code nanos} */
    synchronized boolean start(Thread thread, long nanos) {
        if (state != QUEUED) {
            return false;
        }
        state = RUNNING;
        runner = thread;
        startedNanos = nanos; // before a timer can see RUNNING
        return true;
    }

    /** @return whether the body finished before its timeout: then nothing can stop the commit any more */
    synchronized boolean beginCommit() {
        if (state != RUNNING) {
            return false;
        }
        state = COMMITTING;
        runner = null;
        return true;
    }

    /** Marks a committed or failed task as over. */
    synchronized void end() {
        state = ENDED;
    }

    /**
     * Ends the task for its timeout if it has not ended: a queued task never starts, a running one is interrupted.
     *
     * @return the state it was in: {@link #QUEUED} or {@link #RUNNING} when this call ended it
     */
    synchronized int timeOut() {
        int was = state;
        if (was == QUEUED || was == RUNNING) {
            state = ENDED;
            if (runner != null) {
                runner.interrupt();
                runner = null;
            }
        }
        return was;
    }
}
