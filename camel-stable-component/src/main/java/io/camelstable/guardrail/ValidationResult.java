package io.camelstable.guardrail;

import java.util.List;

/**
 * The outcome of checking metrics against guardrails.
 *
 * @param valid       whether no metric broke its bounds
 * @param anomalies   the broken bounds, at most one per metric
 * @param validatedAt epoch milliseconds
 */
public record ValidationResult(boolean valid, List<Anomaly> anomalies, long validatedAt) {

    /** Copies the list. */
    public ValidationResult {
        anomalies = List.copyOf(anomalies);
    }
}
