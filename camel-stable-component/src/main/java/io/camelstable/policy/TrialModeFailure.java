package io.camelstable.policy;

/** The failure trial mode injects in place of a real attempt; it carries its own retryability. */
public final class TrialModeFailure extends RuntimeException {

    private final boolean retryable;

    /**
     * @param retryable whether the engine may retry after this simulated failure
     */
    public TrialModeFailure(boolean retryable) {
        super("Attempt failed in trial mode", null, false, false);
        this.retryable = retryable;
    }

    /** @return whether this simulated failure may be retried */
    public boolean isRetryable() {
        return retryable;
    }
}
