package io.camelstable.result;

/**
 * The metrics every result carries (SPEC §1.1).
 *
 * @param totalAttempts      attempts started
 * @param successfulAttempts attempts that succeeded and were accepted
 * @param failedAttempts     {@code totalAttempts − successfulAttempts}
 * @param totalExecutionTime milliseconds from the start of the execution to its result
 * @param averageAttemptTime mean attempt duration in milliseconds, 0 without attempts
 */
public record ExecutionMetrics(int totalAttempts, int successfulAttempts, int failedAttempts,
        double totalExecutionTime, double averageAttemptTime) {
}
