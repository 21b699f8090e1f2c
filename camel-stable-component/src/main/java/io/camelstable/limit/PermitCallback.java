package io.camelstable.limit;

/** Where a limiter answers a request for a permit: now, or later from another thread. */
public interface PermitCallback {

    /**
     * The permit is granted; for a concurrency limiter it must be released when the call ends.
     *
     * @param ticket for a rate limiter, the slot to stamp with the call's real start
     *               ({@link StableRateLimiter#started}) when the call did not start at once; -1 otherwise
     * @param waited whether the caller had to wait (the grant comes later, from another thread)
     */
    void granted(int ticket, boolean waited);

    /**
     * The request is refused (the wait queue was full).
     *
     * @param refusal why
     */
    void refused(RuntimeException refusal);
}
