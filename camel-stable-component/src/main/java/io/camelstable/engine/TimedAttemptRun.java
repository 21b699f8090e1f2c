package io.camelstable.engine;

import io.camelstable.policy.RetryAfter;

/**
 * One attempt under {@code attemptTimeout} or of a cancellable execution. Run on a worker thread, so that the
 * timeout or a cancel can interrupt the thread while the attempt blocks in it, and cancel whatever the attempt left
 * in flight (a future, an HTTP exchange). The lock only guards the hand-over of the running thread, so an interrupt
 * can never reach the worker after it has moved on to other work. An attempt that never blocks runs in its caller's
 * thread, which is never interrupted: stopping it only cancels the handle its start returned.
 */
final class TimedAttemptRun implements Runnable, Cancellable {

    private final Attempt attempt;
    private final Execution execution;
    private final int attemptNumber;
    /** Whether the running thread may be interrupted: true on a worker, false in the caller's thread. */
    private final boolean interruptible;
    private Thread runner;
    private Cancellable handle;
    private boolean cancelled;

    TimedAttemptRun(Attempt attempt, Execution execution, int attemptNumber, boolean interruptible) {
        this.attempt = attempt;
        this.execution = execution;
        this.attemptNumber = attemptNumber;
        this.interruptible = interruptible;
    }

    @Override
    public void run() {
        boolean cancelledEarly;
        synchronized (this) {
            cancelledEarly = cancelled;
            if (!cancelledEarly && interruptible) {
                runner = Thread.currentThread();
            }
        }
        if (cancelledEarly) {
            // cancelled before it ran: report, so an execution cancelled by its caller still ends (after a
            // timeout the execution is already settled and ignores this)
            execution.failed(attemptNumber, new ExecutionCancelledException(attemptNumber), 0, RetryAfter.NONE);
            return;
        }
        Cancellable started = null;
        try {
            started = attempt.start(execution, execution);
        } catch (RuntimeException e) {
            execution.failed(attemptNumber, e, 0, RetryAfter.NONE);
        } finally {
            boolean cancelLate;
            synchronized (this) {
                runner = null;
                handle = started;
                cancelLate = cancelled;
                if (interruptible) {
                    // clear an interrupt aimed at this attempt so it cannot hit the worker's next task
                    Thread.interrupted();
                }
            }
            if (cancelLate && started != null) {
                started.cancel();
            }
        }
    }

    @Override
    public void cancel() {
        Cancellable h;
        synchronized (this) {
            cancelled = true;
            if (runner != null) {
                runner.interrupt();
            }
            h = handle;
        }
        if (h != null) {
            h.cancel();
        }
    }
}
