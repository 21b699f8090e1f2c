package io.camelstable.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.component.StableComponent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** camel.stable.* meters land in the registry camel-micrometer uses. */
class MicrometerMetricsTest extends CamelTestSupport {

    final MeterRegistry registry = new SimpleMeterRegistry();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry r) {
        r.bind("metricsRegistry", registry);
        r.bind("flaky", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("odd call");
            }
            return body;
        });
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:metered").routeId("metered")
                        .to("stable:function:flaky?attempts=2&wait=1&circuitBreaker=meteredBreaker&cacheEnabled=true"
                            + "&maxConcurrentRequests=4");
            }
        };
    }

    @Test
    void executionsAttemptsTimersAndResourcesAreMetered() {
        template.requestBody("direct:metered", "a");
        template.requestBody("direct:metered", "a"); // from the cache
        template.requestBody("direct:metered", "b");

        assertThat(registry.get("camel.stable.executions").tag("routeId", "metered").tag("outcome", "success").counter()
                .count()).isEqualTo(2);
        assertThat(registry.get("camel.stable.executions").tag("outcome", "cache").counter().count()).isEqualTo(1);
        assertThat(registry.get("camel.stable.attempts").tag("outcome", "failed").counter().count()).isEqualTo(2);
        assertThat(registry.get("camel.stable.attempts").tag("outcome", "succeeded").counter().count()).isEqualTo(2);
        Timer executions = registry.get("camel.stable.execution.duration").tag("routeId", "metered").timer();
        assertThat(executions.count()).isEqualTo(3);
        assertThat(registry.get("camel.stable.breaker.state").tag("name", "meteredBreaker").gauge().value()).isZero();
        assertThat(registry.get("camel.stable.cache.hits").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("camel.stable.limiter.granted").tag("kind", "concurrency").functionCounter().count())
                .isEqualTo(4);

        context.getComponent("stable", StableComponent.class).getSharedResources().breaker("meteredBreaker", null).forceOpen();
        assertThat(registry.get("camel.stable.breaker.state").tag("name", "meteredBreaker").gauge().value()).isEqualTo(3);
        assertThat(registry.get("camel.stable.breaker.transitions").tag("to", "FORCED_OPEN").counter().count()).isEqualTo(1);
    }
}
