package io.camelstable.result;

/**
 * One attempt in the attempt log of a result.
 *
 * @param attempt    1-based attempt number
 * @param timestamp  wall-clock start, epoch milliseconds
 * @param durationMs how long the attempt took
 * @param status     how it ended
 * @param statusCode the HTTP status, or 0 when there is none
 * @param error      the failure's message (secrets masked), null on success
 * @param retryable  whether a failure could be retried (false on success)
 * @param delayAfter milliseconds waited after this attempt before the next one (0 for the last)
 */
public record AttemptRecord(int attempt, long timestamp, long durationMs, AttemptStatus status, int statusCode,
        String error, boolean retryable, long delayAfter) {

    /** @return a copy with the delay that followed this attempt */
    public AttemptRecord withDelayAfter(long delay) {
        return new AttemptRecord(attempt, timestamp, durationMs, status, statusCode, error, retryable, delay);
    }
}
