package io.camelstable.buffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelstable.engine.StableEngine;
import io.camelstable.guardrail.Anomaly;
import io.camelstable.guardrail.MetricGuardrail;
import io.camelstable.metrics.ResourceMeters;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.shared.SharedResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Counters, guardrails on them, camel.stable.buffer.* meters, and one configuration per buffer name. */
class BufferMetricsTest {

    private final StableEngine engine = StableEngine.standalone(2);

    private static void settle(CompletableFuture<?> f) {
        f.handle((v, t) -> v).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void metricsCountEveryOutcomeAndGuardrailsReportTheirViolations() {
        StableBuffer buffer = StableBuffer.create("guarded", BufferConfig.builder().guardrails(Map.of(
                "totalTransactions", MetricGuardrail.max(2), "failed", MetricGuardrail.max(0),
                "averageQueueWaitMs", MetricGuardrail.max(60_000), "averageDurationMs", MetricGuardrail.max(60_000))).build());
        assertThat(buffer.getMetrics().validation().valid()).isTrue();
        settle(buffer.transaction(state -> state.put("a", 1)));
        settle(buffer.transaction(state -> state.put("b", 2)));
        settle(buffer.transaction(state -> {
            throw new IllegalStateException("no");
        }));

        BufferMetrics m = buffer.getMetrics();
        assertThat(m.name()).isEqualTo("guarded");
        assertThat(m.totalTransactions()).isEqualTo(3);
        assertThat(m.committed()).isEqualTo(2);
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.timedOut()).isZero();
        assertThat(m.averageQueueWaitMs()).isGreaterThanOrEqualTo(0);
        assertThat(m.averageDurationMs()).isGreaterThanOrEqualTo(0);
        assertThat(m.validation().valid()).isFalse();
        assertThat(m.validation().anomalies()).extracting(Anomaly::metricName)
                .containsExactlyInAnyOrder("totalTransactions", "failed");
        assertThat(StableBuffer.create("free", BufferConfig.DEFAULT).getMetrics().validation()).isNull();
    }

    @Test
    void guardrailsNameOnlyBufferMetrics() {
        assertThatThrownBy(() -> BufferConfig.builder().guardrails(Map.of("totalAttempts", MetricGuardrail.max(1))).build())
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'guardrail': totalAttempts")
                .hasMessageContaining("averageQueueWaitMs");
        BufferDefinition definition = new BufferDefinition();
        definition.setGuardrail(Map.of("averageDurationMs.max", "50"));
        assertThat(definition.toConfig().guardrails()).containsEntry("averageDurationMs", MetricGuardrail.max(50));
    }

    @Test
    void metersAreBoundForEveryBufferByName() {
        MeterRegistry registry = new SimpleMeterRegistry();
        SharedResources resources = new SharedResources();
        resources.onResource(new ResourceMeters(registry)::bind);
        StableBuffer buffer = resources.buffer("metered", null, engine);
        settle(buffer.transaction(state -> state.put("a", 1)));
        settle(buffer.transaction(state -> {
            throw new IllegalStateException("no");
        }));

        assertThat(registry.get("camel.stable.buffer.transactions").tag("name", "metered").tag("outcome", "committed")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("camel.stable.buffer.transactions").tag("outcome", "failed").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("camel.stable.buffer.transactions").tag("outcome", "timed_out").functionCounter().count())
                .isZero();
        assertThat(registry.get("camel.stable.buffer.queue").tag("name", "metered").gauge().value()).isZero();
        assertThat(registry.get("camel.stable.buffer.queue.wait.average").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(registry.get("camel.stable.buffer.duration.average").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aBufferNameHasOneConfiguration() {
        SharedResources resources = new SharedResources();
        BufferConfig counting = BufferConfig.builder().initialState(Map.of("count", 0)).build();
        StableBuffer shared = resources.buffer("shared", counting, engine);
        assertThat(resources.buffer("shared", BufferConfig.builder().initialState(Map.of("count", 0)).build(), engine))
                .isSameAs(shared);
        assertThat(resources.buffer("shared", null, engine)).isSameAs(shared);
        assertThatThrownBy(() -> resources.buffer("shared", BufferConfig.builder().initialState(Map.of("count", 1)).build(),
                engine)).isInstanceOf(InvalidOptionException.class).hasMessageContaining("'buffer': shared")
                .hasMessageContaining("one configuration per buffer name");
        StableBuffer stranger = StableBuffer.create("shared", counting);
        assertThatThrownBy(() -> resources.register(stranger)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("another buffer named 'shared'");
        assertThat(resources.register(shared)).isSameAs(shared);
        assertThat(resources.buffers()).containsExactly(shared);
    }
}
