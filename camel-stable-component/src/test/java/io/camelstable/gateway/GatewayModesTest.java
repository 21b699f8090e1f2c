package io.camelstable.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.component.StableConstants;
import io.camelstable.function.FunctionInvoker;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent and sequential runs, the launch limit seen from the server, and stopOnFirstError in both modes
 * reporting every item (SPEC §4.2 #11 fixed: nothing is omitted).
 */
class GatewayModesTest extends GatewayTestSupport {

    @Test
    void sequentialItemsRunInOrderAndSeeWhatEarlierOnesWrote() throws Exception {
        Map<String, Object> buffer = new ConcurrentHashMap<>();
        GatewayResult result = run(Gateway.define("sequential").concurrent(false).sharedBuffer(buffer)
                .function("first", (exchange, args) -> {
                    bufferOf(exchange).put("token", "t-" + exchange.getMessage().getBody());
                    return "written";
                })
                .function("second", (exchange, args) -> bufferOf(exchange).get("token")), "42");

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.item("second").getData()).isEqualTo("t-42");
        assertThat(buffer).containsEntry("token", "t-42");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bufferOf(Exchange exchange) {
        return exchange.getProperty(StableConstants.GATEWAY_BUFFER, Map.class);
    }

    @Test
    void concurrentItemsRunAtTheSameTime() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(3);
        FunctionInvoker meet = (exchange, args) -> {
            allStarted.countDown();
            // only items running together get past this
            return allStarted.await(10, TimeUnit.SECONDS) ? "met" : "alone";
        };
        GatewayResult result = run(Gateway.define("concurrent")
                .function("a", meet).function("b", meet).function("c", meet), "in");

        assertThat(result.getItems()).extracting(GatewayItemResult::getData).containsOnly("met");
    }

    @Test
    void atMostMaxConcurrentRequestsItemsReachTheServerAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        server.respond("/bounded", seen -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Reply.of(200, "ok");
        });
        GatewayDefinition bounded = Gateway.define("bounded").maxConcurrentRequests(2);
        for (int i = 0; i < 6; i++) {
            bounded.request("r" + i, server.url() + "/bounded");
        }
        try (Gateway gateway = bounded.build(context)) {
            GatewayExecution run = gateway.run("in", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 2);
            assertThat(run.status("r2")).isEqualTo(ItemStatus.PENDING);
            gate.countDown();
            GatewayResult result = run.result().get(30, TimeUnit.SECONDS);

            assertThat(result.isSuccess()).isTrue();
            assertThat(maxInFlight).hasValue(2);
            assertThat(server.seen("/bounded")).hasSize(6);
        }
    }

    @Test
    void sequentialStopOnFirstErrorReportsTheRestAsNotStarted() throws Exception {
        AtomicInteger lastCalls = new AtomicInteger();
        GatewayResult result = run(Gateway.define("stop-sequential").concurrent(false).stopOnFirstError(true)
                .function("ok", (exchange, args) -> "fine")
                .function("broken", failing("broken"))
                .function("never", (exchange, args) -> lastCalls.incrementAndGet()), "in");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus)
                .containsExactly(ItemStatus.SUCCEEDED, ItemStatus.FAILED, ItemStatus.NOT_STARTED);
        assertThat(result.item("never").getError()).contains("item 'broken' failed and stopOnFirstError is on");
        assertThat(lastCalls).hasValue(0);
        assertThat(result.getMetrics().notStartedRequests()).isEqualTo(1);
        assertThat(result.getError()).contains("broken");
    }

    @Test
    void concurrentStopOnFirstErrorCancelsTheRunningAndReportsTheRest() throws Exception {
        CountDownLatch slowRunning = new CountDownLatch(1);
        AtomicBoolean slowInterrupted = new AtomicBoolean();
        GatewayResult result = run(Gateway.define("stop-concurrent").stopOnFirstError(true).maxConcurrentRequests(2)
                .function("slow", blocking(slowRunning, new CountDownLatch(1), slowInterrupted))
                .function("broken", (exchange, args) -> {
                    slowRunning.await(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("broken");
                })
                .function("later", (exchange, args) -> "never"), "in");

        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus)
                .containsExactly(ItemStatus.CANCELLED, ItemStatus.FAILED, ItemStatus.NOT_STARTED);
        assertThat(result.getMetrics().totalRequests()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilTrue(slowInterrupted);
    }
}
