package io.camelstable.api;

import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.policy.RetryStrategy;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import io.camelstable.testing.ScriptedHttpServer;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed Java API runs the same engine without routes. */
class JavaApiTest extends CamelTestSupport {

    final CopyOnWriteArrayList<String> bodiesSeen = new CopyOnWriteArrayList<>();
    final AtomicInteger backendCalls = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a backend that changes the exchange it gets, then fails the first time
                from("direct:backend").process(e -> {
                    bodiesSeen.add(e.getMessage().getBody(String.class));
                    e.getMessage().setBody("mutated");
                    e.getMessage().setHeader("tenant", "changed");
                    if (backendCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first call fails");
                    }
                });
            }
        };
    }

    @Test
    void stableFunctionReturnsATypedResult() {
        AtomicInteger calls = new AtomicInteger();
        StableFunction<String, Integer> length = StableFunction.<String, Integer> of(s -> {
            if (calls.incrementAndGet() < 2) {
                throw new IllegalStateException("warming up");
            }
            return s.length();
        }).with(o -> o.attempts(3).waitMillis(5).retryStrategy(RetryStrategy.EXPONENTIAL));
        StableResult<Integer> result = length.execute("camel");
        int value = result.getData();
        assertThat(value).isEqualTo(5);
        assertThat(result.getTotalAttempts()).isEqualTo(2);
    }

    @Test
    void stableFunctionFailsWithTheResultOrReturnsIt() {
        StableFunction<String, String> broken = StableFunction.<String, String> of(s -> {
            throw new IllegalStateException("no");
        }).with(o -> o.attempts(2).waitMillis(1));
        assertThatThrownBy(() -> broken.execute("x")).isInstanceOf(StableExecutionException.class)
                .satisfies(e -> assertThat(((StableExecutionException) e).getResult().getTotalAttempts()).isEqualTo(2));
        StableResult<String> quiet = broken.with(o -> o.throwOnFailure(false)).execute("x");
        assertThat(quiet.isSuccess()).isFalse();
        assertThat(quiet.getError()).isEqualTo("no");
    }

    @Test
    void theOptionsObjectIsImmutable() {
        StableFunction<String, String> base = StableFunction.of(s -> s);
        StableFunction<String, String> changed = base.with(o -> o.attempts(4));
        assertThat(base.options().attempts()).isEqualTo(1);
        assertThat(changed.options().attempts()).isEqualTo(4);
    }

    @Test
    void stableRequestCallsHttpAndTypesTheBody() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer()) {
            server.script("/user", Reply.of(503, "busy"), Reply.of(200, "{\"id\":1}"));
            try (StableRequest users = StableRequest.to(context, server.url() + "/user")
                    .with(o -> o.attempts(2).waitMillis(5))) {
                StableResult<String> result = users.execute(null, Map.of("X-Trace", "abc"), String.class);
                assertThat(result.getData()).isEqualTo("{\"id\":1}");
                assertThat(result.getTotalAttempts()).isEqualTo(2);
            }
            assertThat(server.seen("/user")).extracting(s -> s.header("X-Trace")).containsExactly("abc", "abc");
        }
    }

    @Test
    void everyAttemptSendsTheOriginalExchangeNotTheOneTheLastAttemptChanged() {
        try (StableRequest backend = StableRequest.to(context, "direct:backend").with(o -> o.attempts(2).waitMillis(1))) {
            StableResult<String> result = backend.execute("original", Map.of("tenant", "t1"), String.class);
            assertThat(result.isSuccess()).isTrue();
            assertThat(bodiesSeen).containsExactly("original", "original");
        }
    }
}
