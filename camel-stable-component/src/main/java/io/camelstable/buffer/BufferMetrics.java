package io.camelstable.buffer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.camelstable.guardrail.ValidationResult;

/**
 * A buffer's counters (SPEC §1.21, {@code getMetrics()}), and their validation against the buffer's guardrails.
 * {@code totalTransactions} = {@code committed} + {@code failed} + {@code timedOut}: every transaction that has
 * ended, a replay or restore counting as one.
 *
 * @param name               the buffer's name
 * @param totalTransactions  transactions that have ended
 * @param committed          those whose change was committed
 * @param failed             those that threw (or whose log entry could not be written), state unchanged
 * @param timedOut           those that passed {@code transactionTimeout}, queued or running, state unchanged
 * @param queueLength        transactions waiting now (not the running one)
 * @param averageQueueWaitMs mean time from submission to start, over the transactions that started
 * @param averageDurationMs  mean time from start to end, over the transactions that ended after starting
 * @param validation         the guardrails' verdict, or null when the buffer has none
 */
public record BufferMetrics(String name, long totalTransactions, long committed, long failed, long timedOut, int queueLength,
        double averageQueueWaitMs, double averageDurationMs, ValidationResult validation) {

    /** The metrics a buffer's guardrails may name. */
    public static final Set<String> GUARDRAIL_METRICS = Set.of("totalTransactions", "committed", "failed", "timedOut",
            "queueLength", "averageQueueWaitMs", "averageDurationMs");

    /** @return every metric by the name guardrails use */
    public Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("totalTransactions", (double) totalTransactions);
        values.put("committed", (double) committed);
        values.put("failed", (double) failed);
        values.put("timedOut", (double) timedOut);
        values.put("queueLength", (double) queueLength);
        values.put("averageQueueWaitMs", averageQueueWaitMs);
        values.put("averageDurationMs", averageDurationMs);
        return values;
    }
}
