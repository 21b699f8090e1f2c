package io.camelstable.engine;

/**
 * Runs a task after a delay without holding a thread while waiting. The engine waits between attempts
 * and times attempts out through this alone, so tests can substitute a scheduler that records the
 * delays and a virtual clock instead of sleeping.
 */
public interface DelayScheduler {

    /**
     * @param  task        what to run when the delay has passed
     * @param  delayMillis milliseconds to wait, ≥ 0
     * @return             a handle that cancels the task if it has not run
     */
    Cancellable schedule(Runnable task, long delayMillis);
}
