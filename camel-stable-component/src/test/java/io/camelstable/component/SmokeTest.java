package io.camelstable.component;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest extends CamelTestSupport {

    final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("flaky", (Function<Object, Object>) body -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("boom " + calls.get());
            }
            return "ok:" + body;
        });
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("stable:function:flaky?attempts=3&wait=10");
            }
        };
    }

    @Test
    void retriesUntilSuccess() {
        Exchange out = template.request("direct:in", e -> e.getMessage().setBody("x"));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isEqualTo("ok:x");
        assertThat(out.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(3);
        StableResult<?> r = out.getProperty(StableConstants.RESULT, StableResult.class);
        assertThat(r.getAttempts()).hasSize(3);
    }
}
