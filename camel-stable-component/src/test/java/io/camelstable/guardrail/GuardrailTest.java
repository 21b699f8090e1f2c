package io.camelstable.guardrail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.component.GuardrailViolationEvent;
import io.camelstable.component.StableConstants;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Guardrails report, count, notify and, when asked, fail (SPEC §1.14). */
class GuardrailTest extends CamelTestSupport {

    final MeterRegistry registry = new SimpleMeterRegistry();
    final AtomicInteger calls = new AtomicInteger();
    final List<GuardrailViolationEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        ctx.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof GuardrailViolationEvent g) {
                    events.add(g);
                }
            }
        });
        return ctx;
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry r) {
        r.bind("metricsRegistry", registry);
        r.bind("thirdTime", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() % 3 != 0) {
                throw new IllegalStateException("not yet");
            }
            return "ok";
        });
    }

    @Test
    void aBrokenGuardrailIsReportedCountedAndNotified() {
        Exchange out = template.request("stable:function:thirdTime?attempts=3&wait=1&guardrail.totalAttempts.max=1", e -> { });
        assertThat(out.getException()).isNull();
        StableResult<?> result = out.getProperty(StableConstants.RESULT, StableResult.class);
        assertThat(result.isSuccess()).isTrue();
        ValidationResult validation = result.getValidation();
        assertThat(validation.valid()).isFalse();
        Anomaly anomaly = validation.anomalies().get(0);
        assertThat(anomaly.metricName()).isEqualTo("totalAttempts");
        assertThat(anomaly.violationType()).isEqualTo(ViolationType.ABOVE_MAX);
        assertThat(anomaly.severity()).isEqualTo(Severity.CRITICAL); // 200% over
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getValidation()).isEqualTo(validation);
        assertThat(registry.get("camel.stable.guardrail.violations").tag("metric", "totalAttempts").counter().count())
                .isEqualTo(1);
    }

    @Test
    void enforcedGuardrailsFailTheExchange() {
        Exchange out = template.request("stable:function:thirdTime?attempts=3&wait=1&guardrail.failedAttempts.max=0"
                + "&enforceGuardrails=true", e -> { });
        StableExecutionException failure = out.getException(StableExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(GuardrailViolationException.class);
        assertThat(failure.getResult().getData()).isNull();
        assertThat(out.getMessage().getHeader(StableConstants.SUCCESS)).isEqualTo(false);
    }

    @Test
    void withinBoundsIsValid() {
        Exchange out = template.request("stable:function:thirdTime?attempts=3&wait=1&guardrail.totalAttempts.max=3"
                + "&guardrail.circuitBreaker.failureRate.max=100&circuitBreaker=g", e -> { });
        assertThat(out.getProperty(StableConstants.RESULT, StableResult.class).getValidation().valid()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void unknownMetricsAndBoundsAreConfigurationErrors() {
        assertThatThrownBy(() -> context.getEndpoint("stable:function:thirdTime?guardrail.totalAttempt.max=1"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("'guardrail': totalAttempt");
        assertThatThrownBy(() -> context.getEndpoint("stable:function:thirdTime?guardrail.totalAttempts.most=1"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining(".min, .max, .expected or .tolerance");
    }

    @Test
    void severityBandsFollowTheSeedsCode() {
        assertThat(MetricGuardrail.min(100).check("m", 90).severity()).isEqualTo(Severity.INFO);      // 10% under
        assertThat(MetricGuardrail.min(100).check("m", 70).severity()).isEqualTo(Severity.WARNING);   // 30%
        assertThat(MetricGuardrail.min(100).check("m", 40).severity()).isEqualTo(Severity.CRITICAL);  // 60%
        MetricGuardrail tolerance = new MetricGuardrail(null, null, 100.0, 10.0);
        assertThat(tolerance.check("m", 105)).isNull();
        assertThat(tolerance.check("m", 112).severity()).isEqualTo(Severity.INFO);     // 12% < 1.5 x 10
        assertThat(tolerance.check("m", 118).severity()).isEqualTo(Severity.WARNING);  // 18%
        assertThat(tolerance.check("m", 130).severity()).isEqualTo(Severity.CRITICAL); // 30% > 2 x 10
        assertThat(MetricGuardrail.max(0).check("m", 1).severity()).isEqualTo(Severity.CRITICAL);
    }
}
