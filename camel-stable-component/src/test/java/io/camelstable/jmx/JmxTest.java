package io.camelstable.jmx;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.function.Function;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.camelstable.breaker.CircuitState;
import io.camelstable.component.StableComponent;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared resources appear in JMX; the breaker's manual transitions work from there. */
class JmxTest extends CamelTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withJMX(true);
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("fn", (Function<Object, Object>) b -> b);
    }

    @Test
    void breakersCachesAndLimitersAreManaged() throws Exception {
        context.getEndpoint("stable:function:fn?circuitBreaker=jmxBreaker&cacheEnabled=true&maxConcurrentRequests=2");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("*:type=stable,*"), null);
        assertThat(names).extracting(n -> n.getKeyProperty("name"))
                .contains("\"breaker-jmxBreaker\"").anyMatch(n -> n.startsWith("\"cache-"))
                .anyMatch(n -> n.startsWith("\"concurrency-limiter-"));

        ObjectName breaker = names.stream().filter(n -> n.getKeyProperty("name").equals("\"breaker-jmxBreaker\""))
                .findFirst().orElseThrow();
        assertThat(server.getAttribute(breaker, "State")).isEqualTo("CLOSED");
        server.invoke(breaker, "forceOpen", null, null);
        assertThat(context.getComponent("stable", StableComponent.class).getSharedResources().breaker("jmxBreaker", null)
                .getState()).isEqualTo(CircuitState.FORCED_OPEN);
        server.invoke(breaker, "reset", null, null);
        assertThat(server.getAttribute(breaker, "State")).isEqualTo("CLOSED");
    }
}
