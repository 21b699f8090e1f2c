package io.camelstable.gateway;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelstable.component.StableComponent;
import io.camelstable.guardrail.Anomaly;
import io.camelstable.guardrail.MetricGuardrail;
import io.camelstable.limit.LimitExceededException;
import io.camelstable.limit.LimiterMetrics;
import io.camelstable.limit.StableRateLimiter;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** maxTimeout, the gateway's rate limit, and the result's aggregates, group statistics and guardrails. */
class GatewayLimitsTest extends GatewayTestSupport {

    @Test
    void maxTimeoutCancelsWhatRunsAndReportsWhatDidNotStart() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        GatewayResult result = run(Gateway.define("timed").concurrent(false).maxTimeout(Duration.ofMillis(200))
                .function("stuck", blocking(running, new CountDownLatch(1), interrupted))
                .function("next", (exchange, args) -> "never"), "in");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.isTimedOut()).isTrue();
        assertThat(result.getError()).contains("maxTimeout of 200 ms expired");
        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus)
                .containsExactly(ItemStatus.CANCELLED, ItemStatus.NOT_STARTED);
        assertThat(result.item("stuck").getError()).contains("maxTimeout of 200 ms expired");
        await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
    }

    @Test
    void theGatewayRateLimitIsOneLimiterForEveryItem() throws Exception {
        server.script("/rated", Reply.of(200, "ok"));
        GatewayResult result = run(Gateway.define("rated").concurrent(false).rateLimit(2, Duration.ofMinutes(1))
                .option("rateLimitQueueSize", 0)
                .request("r1", server.url() + "/rated").request("r2", server.url() + "/rated")
                .request("r3", server.url() + "/rated"), "in");

        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus)
                .containsExactly(ItemStatus.SUCCEEDED, ItemStatus.SUCCEEDED, ItemStatus.FAILED);
        assertThat(result.item("r3").getResult().getFailure()).isInstanceOf(LimitExceededException.class);
        assertThat(server.seen("/rated")).hasSize(2);
        StableRateLimiter limiter = context.getComponent("stable", StableComponent.class).getSharedResources()
                .rateLimiters().stream().filter(l -> l.getName().equals("gateway:rated")).findFirst().orElseThrow();
        assertThat(limiter.getMaxRequests()).isEqualTo(2);
        assertThat(result.getMetrics().infrastructureMetrics().rateLimiters()).extracting(LimiterMetrics::name)
                .containsExactly("gateway:rated");
    }

    @Test
    void theResultAggregatesTheItemsAndTheirGroups() throws Exception {
        GatewayResult result = run(Gateway.define("aggregates")
                .guardrail("successRate", new MetricGuardrail(90.0, null, null, null))
                .group("g", g -> g.option("attempts", 1))
                .function("g-ok", (exchange, args) -> "ok", i -> i.group("g"))
                .function("g-broken", failing("broken"), i -> i.group("g"))
                .function("plain-1", (exchange, args) -> 1)
                .function("plain-2", (exchange, args) -> 2), "in");

        GatewayMetrics m = result.getMetrics();
        assertThat(m.totalRequests()).isEqualTo(4);
        assertThat(m.successfulRequests()).isEqualTo(3);
        assertThat(m.failedRequests()).isEqualTo(1);
        assertThat(m.successRate()).isEqualTo(75.0);
        assertThat(m.failureRate()).isEqualTo(25.0);
        assertThat(m.throughput()).isPositive();
        assertThat(m.averageRequestDuration()).isNotNegative();
        assertThat(m.requestGroups()).extracting(GroupMetrics::groupId).containsExactly("g", GatewayMetrics.DEFAULT_GROUP);
        GroupMetrics g = m.requestGroups().get(0);
        assertThat(g.totalRequests()).isEqualTo(2);
        assertThat(g.successfulRequests()).isEqualTo(1);
        assertThat(g.successRate()).isEqualTo(50.0);
        assertThat(g.requestIds()).containsExactly("g-ok", "g-broken");
        assertThat(m.requestGroups().get(1).requestIds()).containsExactly("plain-1", "plain-2");
        assertThat(m.validation().valid()).isFalse();
        assertThat(m.validation().anomalies()).extracting(Anomaly::metricName).containsExactly("successRate");
        assertThat(result.item("g-ok").getMetrics().totalAttempts()).isEqualTo(1);
    }

    @Test
    void anEmptyGatewaySucceedsWithZeroes() throws Exception {
        GatewayResult result = run(Gateway.define("empty"), "in");

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getItems()).isEmpty();
        assertThat(result.getMetrics().successRate()).isZero();
    }

    @Test
    void aCallerCanCancelARun() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        try (Gateway gateway = Gateway.define("cancelled")
                .function("stuck", blocking(running, new CountDownLatch(1), interrupted)).build(context)) {
            GatewayExecution run = gateway.run("in", null);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            run.cancel();
            GatewayResult result = run.result().get(10, TimeUnit.SECONDS);

            assertThat(result.isSuccess()).isFalse();
            assertThat(result.item("stuck").getStatus()).isEqualTo(ItemStatus.CANCELLED);
            assertThat(result.getError()).contains("the caller cancelled it");
            await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
        }
    }
}
