package io.camelstable.limit;

/**
 * A limiter's counters at one moment.
 *
 * @param name        the limiter
 * @param granted     permits given
 * @param waited      callers that had to wait
 * @param rejected    callers refused because the queue was full
 * @param queueLength callers waiting now
 * @param peak        for a concurrency limiter the most calls seen in flight; for a rate limiter its maximum
 */
public record LimiterMetrics(String name, long granted, long waited, long rejected, int queueLength, int peak) {
}
