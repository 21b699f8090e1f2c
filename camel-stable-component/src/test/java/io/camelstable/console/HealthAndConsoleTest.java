package io.camelstable.console;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.component.StableComponent;
import org.apache.camel.console.DevConsole;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An open breaker reports DOWN through Camel's health checks; the stable console lists every shared resource. */
class HealthAndConsoleTest extends CamelTestSupport {

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("fn", (Function<Object, Object>) b -> b);
    }

    private HealthCheck.Result breakerCheck(String name) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        return results.stream().filter(r -> r.getCheck().getId().equals("producer:stable-breaker-" + name)).findFirst()
                .orElseThrow();
    }

    @Test
    void anOpenBreakerIsDown() {
        context.getEndpoint("stable:function:fn?circuitBreaker=inventory");
        // Camel ships producer checks disabled; camel.health.producersEnabled=true does this in Camel Main
        HealthCheckRegistry.get(context).getRepository("producers").orElseThrow().setEnabled(true);
        StableCircuitBreaker breaker = context.getComponent("stable", StableComponent.class).getSharedResources()
                .breaker("inventory", null);
        assertThat(breakerCheck("inventory").getState()).isEqualTo(HealthCheck.State.UP);
        breaker.forceOpen();
        HealthCheck.Result down = breakerCheck("inventory");
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("inventory", "FORCED_OPEN"));
        breaker.forceClosed();
        assertThat(breakerCheck("inventory").getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theConsoleListsBreakersCachesAndLimiters() {
        context.getEndpoint("stable:function:fn?circuitBreaker=orders&cacheEnabled=true&maxConcurrentRequests=3"
                + "&rateLimitMaxRequests=10");
        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("stable");
        assertThat(console).isInstanceOf(StableDevConsole.class);
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("Breaker orders: CLOSED", "Cache endpoint:", "Rate limiter", "Concurrency limiter");
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        assertThat(json).containsKeys("breakers", "caches", "limiters");
        assertThat((Collection<?>) json.get("limiters")).hasSize(2);
    }
}
