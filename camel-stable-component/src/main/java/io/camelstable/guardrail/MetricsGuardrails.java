package io.camelstable.guardrail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.camelstable.policy.InvalidOptionException;

/**
 * Guardrails by metric name. Request metrics: {@code totalAttempts}, {@code successfulAttempts},
 * {@code failedAttempts}, {@code totalExecutionTime}, {@code averageAttemptTime}. Infrastructure metrics:
 * {@code circuitBreaker.failureRate}, {@code circuitBreaker.slowCallRate}, {@code circuitBreaker.notPermittedCalls},
 * {@code cache.hitRate}, {@code cache.missRate}, {@code cache.utilizationPercentage},
 * {@code rateLimiter.queueLength}, {@code rateLimiter.rejections}, {@code concurrencyLimiter.queueLength},
 * {@code concurrencyLimiter.utilizationPercentage}, {@code concurrencyLimiter.rejections}. An unknown name
 * is a configuration error, not a guardrail that never fires.
 */
public final class MetricsGuardrails {

    /** Every metric a guardrail may name. */
    public static final Set<String> METRICS = Set.of("totalAttempts", "successfulAttempts", "failedAttempts",
            "totalExecutionTime", "averageAttemptTime", "circuitBreaker.failureRate", "circuitBreaker.slowCallRate",
            "circuitBreaker.notPermittedCalls", "cache.hitRate", "cache.missRate", "cache.utilizationPercentage",
            "rateLimiter.queueLength", "rateLimiter.rejections", "concurrencyLimiter.queueLength",
            "concurrencyLimiter.utilizationPercentage", "concurrencyLimiter.rejections");

    private final Map<String, MetricGuardrail> guardrails;

    /**
     * @param guardrails by metric name, each one of {@link #METRICS}
     */
    public MetricsGuardrails(Map<String, MetricGuardrail> guardrails) {
        this(guardrails, METRICS);
    }

    /**
     * Guardrails on another resource's metrics (a StableBuffer's, for example).
     *
     * @param guardrails by metric name
     * @param metrics    the names that resource reports
     */
    public MetricsGuardrails(Map<String, MetricGuardrail> guardrails, Set<String> metrics) {
        for (String metric : guardrails.keySet()) {
            if (!metrics.contains(metric)) {
                throw new InvalidOptionException("guardrail", metric, "one of " + new TreeSet<>(metrics));
            }
        }
        this.guardrails = Map.copyOf(guardrails);
    }

    /**
     * Reads URI options such as {@code guardrail.totalAttempts.max=2} (the {@code guardrail.} prefix removed).
     *
     * @param  flat {@code <metric>.<min|max|expected|tolerance>} to a number
     * @return      the guardrails
     */
    public static MetricsGuardrails fromProperties(Map<String, Object> flat) {
        return fromProperties(flat, METRICS);
    }

    /**
     * Reads {@code <metric>.<min|max|expected|tolerance>} properties for a resource reporting other metrics.
     *
     * @param  flat    {@code <metric>.<min|max|expected|tolerance>} to a number
     * @param  metrics the names that resource reports
     * @return         the guardrails
     */
    public static MetricsGuardrails fromProperties(Map<String, Object> flat, Set<String> metrics) {
        Map<String, double[]> bounds = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            String metric = dot < 0 ? e.getKey() : e.getKey().substring(0, dot);
            String bound = dot < 0 ? "" : e.getKey().substring(dot + 1);
            int index = List.of("min", "max", "expected", "tolerance").indexOf(bound);
            if (index < 0) {
                throw new InvalidOptionException("guardrail." + e.getKey(), e.getValue(),
                        "guardrail.<metric>.min, .max, .expected or .tolerance");
            }
            double value;
            try {
                value = Double.parseDouble(String.valueOf(e.getValue()).trim());
            } catch (NumberFormatException nfe) {
                throw new InvalidOptionException("guardrail." + e.getKey(), e.getValue(), "a number");
            }
            bounds.computeIfAbsent(metric, m -> new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN })[index] = value;
        }
        Map<String, MetricGuardrail> out = new LinkedHashMap<>();
        bounds.forEach((metric, b) -> out.put(metric, new MetricGuardrail(box(b[0]), box(b[1]), box(b[2]), box(b[3]))));
        return new MetricsGuardrails(out, metrics);
    }

    private static Double box(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * @param  values      the metrics' current values by name (a missing one is skipped)
     * @param  nowEpochMs  the validation's timestamp
     * @return             the validation
     */
    public ValidationResult validate(Map<String, Double> values, long nowEpochMs) {
        List<Anomaly> anomalies = new ArrayList<>();
        guardrails.forEach((metric, guardrail) -> {
            Double v = values.get(metric);
            Anomaly a = v == null ? null : guardrail.check(metric, v);
            if (a != null) {
                anomalies.add(a);
            }
        });
        return new ValidationResult(anomalies.isEmpty(), anomalies, nowEpochMs);
    }

    /** @return the guardrails by metric */
    public Map<String, MetricGuardrail> guardrails() {
        return guardrails;
    }

    /** @return whether any infrastructure metric is guarded (so its counters must be read) */
    public boolean needsInfrastructure() {
        return guardrails.keySet().stream().anyMatch(m -> m.contains("."));
    }
}
