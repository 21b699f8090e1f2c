package io.camelstable.dsl;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.policy.RetryStrategy;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed URIs: what they write, and that routes take them and the component validates them. */
class StableUriTest extends CamelTestSupport {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("flaky", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "done:" + body;
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new StableRouteBuilder() {
            @Override
            public void configure() {
                from("direct:flaky").to(stableFunction("flaky").attempts(3).waitFor(Duration.ofMillis(5))
                        .retryStrategy(RetryStrategy.LINEAR));
            }
        };
    }

    @Test
    void writesTheOptionsItNames() {
        assertThat(StableUri.request("http://127.0.0.1:8080/x?q=1").attempts(3).waitFor(Duration.ofMillis(200))
                .jitter(0.5).rateLimit(10, Duration.ofSeconds(1)).uri())
                .isEqualTo("stable:request:http://127.0.0.1:8080/x?q=1&attempts=3&wait=200&jitter=0.5"
                           + "&rateLimitMaxRequests=10&rateLimitWindow=1000");
        assertThat(StableUri.gateway("checkout").uri()).isEqualTo("stable:gateway:checkout");
        assertThat(StableUri.buffer("orders").option("operation", "read").uri())
                .isEqualTo("stable:buffer:orders?operation=read");
    }

    @Test
    void aRouteRetriesThroughATypedUri() {
        assertThat(template.requestBody("direct:flaky", "x", String.class)).isEqualTo("done:x");
        assertThat(calls).hasValue(3);
    }

    @Test
    void badValuesFailWhenTheEndpointIsCreatedAsForAnyUri() {
        assertThatThrownBy(() -> StableUri.function("flaky").attempts(0).resolve(context))
                .hasStackTraceContaining("Invalid value for stable option 'attempts': 0");
    }
}
