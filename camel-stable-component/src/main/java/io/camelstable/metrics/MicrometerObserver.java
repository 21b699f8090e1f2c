package io.camelstable.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.camelstable.guardrail.Anomaly;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.StableResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

/**
 * The {@code camel.stable.executions}, {@code camel.stable.attempts} counters (tag {@code outcome}) and the
 * {@code camel.stable.execution.duration} and {@code camel.stable.attempt.duration} timers (median, p95 and
 * p99) of one endpoint, tagged {@code endpointName} and {@code routeId}. Meters are resolved once per route
 * and kept, so recording is a map read and an increment.
 */
public final class MicrometerObserver implements ExecutionObserver {

    private static final AttemptStatus[] STATUSES = AttemptStatus.values();

    private final MeterRegistry registry;
    private final String endpointName;
    private final ConcurrentHashMap<String, RouteMeters> byRoute = new ConcurrentHashMap<>();

    /**
     * @param registry     where the meters live
     * @param endpointName the endpoint's sanitized URI, the {@code endpointName} tag
     */
    public MicrometerObserver(MeterRegistry registry, String endpointName) {
        this.registry = registry;
        this.endpointName = endpointName;
    }

    @Override
    public void attemptEnded(Exchange exchange, AttemptStatus status, long nanos) {
        RouteMeters m = meters(exchange);
        m.attempts[status.ordinal()].increment();
        if (status != AttemptStatus.NOT_PERMITTED) {
            m.attemptTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void executionEnded(Exchange exchange, StableResult<?> result, long nanos) {
        RouteMeters m = meters(exchange);
        (result.isFromCache() ? m.fromCache : result.isSuccess() ? m.succeeded : m.failed).increment();
        m.executionTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void guardrailViolated(Exchange exchange, Anomaly anomaly) {
        Counter.builder("camel.stable.guardrail.violations").tag("endpointName", endpointName)
                .tag("metric", anomaly.metricName()).tag("severity", anomaly.severity().name())
                .description("Guardrails broken by executions").register(registry).increment();
    }

    private RouteMeters meters(Exchange exchange) {
        String route = exchange == null || exchange.getFromRouteId() == null ? "" : exchange.getFromRouteId();
        RouteMeters m = byRoute.get(route);
        return m != null ? m : byRoute.computeIfAbsent(route, this::create);
    }

    private RouteMeters create(String routeId) {
        Tags tags = Tags.of("endpointName", endpointName, "routeId", routeId);
        Counter[] attempts = new Counter[STATUSES.length];
        for (AttemptStatus s : STATUSES) {
            attempts[s.ordinal()] = Counter.builder("camel.stable.attempts").tags(tags).tag("outcome", s.name().toLowerCase())
                    .description("Attempts by outcome").register(registry);
        }
        return new RouteMeters(
                execution(tags, "success"), execution(tags, "failure"), execution(tags, "cache"), attempts,
                Timer.builder("camel.stable.execution.duration").tags(tags).publishPercentiles(0.5, 0.95, 0.99)
                        .description("Time from the start of an execution to its result").register(registry),
                Timer.builder("camel.stable.attempt.duration").tags(tags).publishPercentiles(0.5, 0.95, 0.99)
                        .description("Duration of one attempt").register(registry));
    }

    private Counter execution(Tags tags, String outcome) {
        return Counter.builder("camel.stable.executions").tags(tags).tag("outcome", outcome)
                .description("Executions by outcome").register(registry);
    }

    private record RouteMeters(Counter succeeded, Counter failed, Counter fromCache, Counter[] attempts,
            Timer executionTimer, Timer attemptTimer) {
    }
}
