package io.camelstable.component;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.policy.RetryStrategy;
import io.camelstable.result.StableResult;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stable route written in the YAML DSL, run by Camel Main, with the component's defaults set as
 * {@code camel.component.stable.*} properties (which only works when the generated configurers are compiled).
 */
class MainAndYamlTest {

    private final AtomicInteger calls = new AtomicInteger();
    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void yamlRouteUsesDefaultsFromCamelMainProperties() throws Exception {
        main = new Main();
        main.bind("flaky", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "yaml:" + body;
        });
        main.configure().withRoutesIncludePattern("classpath:routes/stable-route.yaml,classpath:routes/stable-beans.yaml");
        main.addInitialProperty("camel.beans.payments", "#class:io.camelstable.breaker.CircuitBreakerDefinition");
        main.addInitialProperty("camel.beans.payments.minimumRequests", "2");
        main.addInitialProperty("camel.beans.payments.recoveryTimeoutMs", "5000");
        main.addInitialProperty("camel.component.stable.attempts", "3");
        main.addInitialProperty("camel.component.stable.wait", "5ms");
        main.addInitialProperty("camel.component.stable.retryStrategy", "LINEAR");
        main.addInitialProperty("camel.component.stable.workerPoolSize", "4");
        main.start();

        CamelContext context = main.getCamelContext();
        StableComponent component = context.getComponent("stable", StableComponent.class);
        assertThat(component.getConfiguration().getAttempts()).isEqualTo(3);
        assertThat(component.getConfiguration().getRetryStrategy()).isEqualTo(RetryStrategy.LINEAR);
        assertThat(component.getWorkerPoolSize()).isEqualTo(4);

        ProducerTemplate template = context.createProducerTemplate();
        Exchange out = template.request("direct:yaml", e -> e.getMessage().setBody("in"));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isEqualTo("yaml:in");
        assertThat(out.getMessage().getHeader("fromYaml")).isEqualTo("true");
        StableResult<?> result = out.getProperty(StableConstants.RESULT, StableResult.class);
        assertThat(result.getTotalAttempts()).isEqualTo(3);
        assertThat(result.getAttempts().get(1).delayAfter()).isEqualTo(10);
        assertThat(result.getExecutionContext()).containsEntry("workflowId", "yaml-demo");

        // breakers declared as a YAML bean and as Camel Main properties
        assertThat(context.getRoute("yaml-breaker")).isNotNull();
        StableEndpoint yamlBreaker = context.getEndpoint("stable:function:flaky?circuitBreaker=inventoryBreaker",
                StableEndpoint.class);
        assertThat(yamlBreaker.getOptions().circuitBreaker().getConfig().failureThresholdPercentage()).isEqualTo(25);
        assertThat(yamlBreaker.getOptions().circuitBreaker().getConfig().minimumRequests()).isEqualTo(4);
        StableEndpoint mainBreaker = context.getEndpoint("stable:function:flaky?circuitBreaker=payments", StableEndpoint.class);
        assertThat(mainBreaker.getOptions().circuitBreaker().getConfig().minimumRequests()).isEqualTo(2);
        assertThat(mainBreaker.getOptions().circuitBreaker().getConfig().recoveryTimeoutMs()).isEqualTo(5000);
        assertThat(component.getSharedResources().breakers()).extracting(b -> b.getName())
                .contains("inventoryBreaker", "payments");
    }
}
