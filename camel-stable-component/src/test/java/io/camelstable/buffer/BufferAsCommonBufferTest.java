package io.camelstable.buffer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.camelstable.hook.ResponseAnalyzer;
import io.camelstable.hook.SuccessfulAttemptHandler;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A StableBuffer as an endpoint's {@code commonBuffer}: hooks that only read see its committed state and never
 * enter its queue (the seed made every hook call a transaction, defect 24); writes are transactions, none lost.
 */
class BufferAsCommonBufferTest extends CamelTestSupport {

    private static final int EXCHANGES = 200;
    private final StableBuffer counters = StableBuffer.create("counters",
            BufferConfig.builder().initialState(Map.of("accepted", 0, "limit", 1_000)).build());

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("counters", counters);
        registry.bind("echo", (Function<Object, Object>) body -> body);
        // reads the buffer in every attempt: must not queue
        registry.bind("underLimit", (ResponseAnalyzer) ctx -> (Integer) ctx.commonBuffer().get("accepted")
                < (Integer) ctx.commonBuffer().get("limit"));
        registry.bind("count", (SuccessfulAttemptHandler) ctx -> StableBuffer.of(ctx.commonBuffer())
                .transaction(state -> state.merge("accepted", 1, (a, b) -> (Integer) a + (Integer) b)));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("stable:function:echo?commonBuffer=#counters&responseAnalyzer=#underLimit"
                                     + "&logAllSuccessfulAttempts=true&handleSuccessfulAttemptData=#count");
                from("direct:byName").to("stable:function:echo?commonBuffer=counters&responseAnalyzer=#underLimit");
            }
        };
    }

    @Test
    void readsNeverQueueAndEveryWriteCounts() throws Exception {
        CompletableFuture<?>[] sent = IntStream.range(0, EXCHANGES)
                .mapToObj(i -> template.asyncRequestBody("direct:in", i)).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> counters.read().get("accepted").equals(EXCHANGES));
        assertThat(counters.getMetrics().totalTransactions()).as("only the writes were transactions").isEqualTo(EXCHANGES);
    }

    @Test
    void aSharedBufferIsFoundByName() {
        assertThat(template.requestBody("direct:byName", "x", String.class)).isEqualTo("x");
        assertThat(counters.getMetrics().totalTransactions()).isZero();
    }
}
