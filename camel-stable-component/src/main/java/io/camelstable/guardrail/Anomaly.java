package io.camelstable.guardrail;

/**
 * One metric out of its bounds.
 *
 * @param metricName    the metric
 * @param metricValue   its value
 * @param guardrail     the bounds it broke
 * @param severity      how far out
 * @param violationType which bound
 * @param reason        a readable sentence
 */
public record Anomaly(String metricName, double metricValue, MetricGuardrail guardrail, Severity severity,
        ViolationType violationType, String reason) {
}
