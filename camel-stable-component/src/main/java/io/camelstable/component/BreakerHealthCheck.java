package io.camelstable.component;

import java.util.Map;

import io.camelstable.breaker.CircuitBreakerMetrics;
import io.camelstable.breaker.StableCircuitBreaker;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * A producer readiness check per shared breaker: DOWN while the breaker is OPEN or forced open, with its
 * counters as details. Camel disables producer checks by default; turn them on with
 * {@code camel.health.producersEnabled=true}.
 */
public final class BreakerHealthCheck implements HealthCheck {

    private final StableCircuitBreaker breaker;
    private boolean enabled = true;

    /** @param breaker the breaker to report */
    public BreakerHealthCheck(StableCircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return "producer:stable-breaker-" + breaker.getName();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        if (!enabled) {
            return builder.message("Disabled").detail(CHECK_ENABLED, false).unknown().build();
        }
        CircuitBreakerMetrics m = breaker.getMetrics();
        builder.detail("breaker", m.name()).detail("state", m.state().name()).detail("failureRate", m.failureRate())
                .detail("notPermittedCalls", m.notPermittedCalls());
        if (m.isHealthy()) {
            return builder.up().build();
        }
        return builder.message("Circuit breaker '" + m.name() + "' is " + m.state() + "; calls are refused for "
                + m.timeUntilRecoveryMs() + " ms more").down().build();
    }
}
