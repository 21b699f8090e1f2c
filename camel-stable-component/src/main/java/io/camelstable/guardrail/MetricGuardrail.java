package io.camelstable.guardrail;

import io.camelstable.policy.InvalidOptionException;

/**
 * Bounds on one metric (SPEC §1.14): any of {@code min}, {@code max}, and {@code expected} with a
 * {@code tolerance} in percent. Null means "not set".
 *
 * @param min       the lowest acceptable value
 * @param max       the highest acceptable value
 * @param expected  the expected value
 * @param tolerance allowed deviation from {@code expected}, in percent
 */
public record MetricGuardrail(Double min, Double max, Double expected, Double tolerance) {

    /** Rejects contradictory bounds. */
    public MetricGuardrail {
        if (min != null && max != null && min > max) {
            throw new InvalidOptionException("guardrail", "min " + min + " > max " + max, "min ≤ max");
        }
        if (tolerance != null && tolerance < 0) {
            throw new InvalidOptionException("guardrail", "tolerance " + tolerance, "a percentage ≥ 0");
        }
    }

    /** @return a guardrail with only a maximum */
    public static MetricGuardrail max(double max) {
        return new MetricGuardrail(null, max, null, null);
    }

    /** @return a guardrail with only a minimum */
    public static MetricGuardrail min(double min) {
        return new MetricGuardrail(min, null, null, null);
    }

    /**
     * At most one anomaly, checked in the seed's order: below min, above max, outside tolerance.
     *
     * @param  metric the metric's name
     * @param  v      its value
     * @return        the anomaly, or null when the value is acceptable
     */
    public Anomaly check(String metric, double v) {
        if (min != null && v < min) {
            double deviation = min == 0 ? Double.POSITIVE_INFINITY : (min - v) / min * 100;
            return new Anomaly(metric, v, this, bandSeverity(deviation), ViolationType.BELOW_MIN,
                    String.format("%s (%.2f) is below the minimum (%s)", metric, v, min));
        }
        if (max != null && v > max) {
            double deviation = max == 0 ? Double.POSITIVE_INFINITY : (v - max) / max * 100;
            return new Anomaly(metric, v, this, bandSeverity(deviation), ViolationType.ABOVE_MAX,
                    String.format("%s (%.2f) exceeds the maximum (%s)", metric, v, max));
        }
        if (expected != null && tolerance != null) {
            double low = expected * (1 - tolerance / 100);
            double high = expected * (1 + tolerance / 100);
            if (v < Math.min(low, high) || v > Math.max(low, high)) {
                double deviation = expected == 0 ? Double.POSITIVE_INFINITY : Math.abs(v - expected) / expected * 100;
                Severity s = deviation > 2 * tolerance ? Severity.CRITICAL
                        : deviation > 1.5 * tolerance ? Severity.WARNING : Severity.INFO;
                return new Anomaly(metric, v, this, s, ViolationType.OUTSIDE_TOLERANCE,
                        String.format("%s (%.2f) is outside %s ± %s%%", metric, v, expected, tolerance));
            }
        }
        return null;
    }

    private static Severity bandSeverity(double deviation) {
        return deviation > 50 ? Severity.CRITICAL : deviation > 20 ? Severity.WARNING : Severity.INFO;
    }
}
