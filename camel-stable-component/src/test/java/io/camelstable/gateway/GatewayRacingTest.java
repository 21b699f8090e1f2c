package io.camelstable.gateway;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelstable.testing.HangingHttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Racing (SPEC §4.2 #10 fixed): the first success wins, a failure never does, the losers are cancelled through the
 * engine and really stop, and every item appears exactly once.
 */
class GatewayRacingTest extends GatewayTestSupport {

    @Test
    void aSuccessWinsOverAnEarlierFailure() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (Gateway gateway = Gateway.define("race").racing(true)
                .function("fails", failing("down"))
                .function("succeeds", after(go, "ok"))
                .build(context)) {
            GatewayExecution run = gateway.run("in", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> run.status("fails") == ItemStatus.FAILED);
            go.countDown();
            GatewayResult result = run.result().get(10, TimeUnit.SECONDS);

            assertThat(result.isSuccess()).isTrue();
            assertThat(result.getWinner()).isEqualTo("succeeds");
            assertThat(result.getItems()).extracting(GatewayItemResult::getRequestId).containsExactly("fails", "succeeds");
            assertThat(result.item("fails").getStatus()).as("a failure never wins, and stays a failure")
                    .isEqualTo(ItemStatus.FAILED);
            assertThat(result.item("fails").getError()).contains("down");
            assertThat(result.item("succeeds").getData()).isEqualTo("ok");
        }
    }

    @Test
    void losersAreCancelledAndReallyStop() throws Exception {
        CountDownLatch loserRunning = new CountDownLatch(1);
        AtomicBoolean loserInterrupted = new AtomicBoolean();
        try (HangingHttpServer slowApi = new HangingHttpServer(1);
             Gateway gateway = Gateway.define("race-cancel").racing(true)
                     .request("http-loser", slowApi.url() + "/slow")
                     .function("function-loser", blocking(loserRunning, new CountDownLatch(1), loserInterrupted))
                     .function("winner", (exchange, args) -> {
                         // win only once both losers are under way
                         slowApi.arrived().await(10, TimeUnit.SECONDS);
                         loserRunning.await(10, TimeUnit.SECONDS);
                         return "first";
                     }).build(context)) {
            GatewayResult result = gateway.execute("in").get(30, TimeUnit.SECONDS);

            assertThat(slowApi.arrived().getCount()).isZero();
            assertThat(result.isSuccess()).isTrue();
            assertThat(result.getWinner()).isEqualTo("winner");
            assertThat(result.item("http-loser").getStatus()).isEqualTo(ItemStatus.CANCELLED);
            assertThat(result.item("function-loser").getStatus()).isEqualTo(ItemStatus.CANCELLED);
            assertThat(result.item("http-loser").getError()).contains("item 'winner' won the race");
            assertThat(result.getMetrics().cancelledRequests()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).untilTrue(loserInterrupted);
            // the gateway is still open: only the abort can have closed the losing call's connection
            assertThat(slowApi.clientsGone().await(10, TimeUnit.SECONDS))
                    .as("the losing HTTP call's connection is closed, not left to run").isTrue();
        }
    }

    @Test
    void whenEveryItemFailsTheGatewayFailsWithEveryError() throws Exception {
        GatewayResult result = run(Gateway.define("race-lost").racing(true)
                .function("a", failing("a is down"))
                .function("b", failing("b is down"))
                .function("c", failing("c is down")), "in");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getWinner()).isNull();
        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus).containsOnly(ItemStatus.FAILED);
        assertThat(result.getError()).contains("no item won the race", "a is down", "b is down", "c is down");
        assertThat(result.getItems()).extracting(GatewayItemResult::getRequestId).containsExactly("a", "b", "c");
    }

    @Test
    void racingWithALaunchLimitReportsTheUnlaunchedAsNotStarted() throws Exception {
        GatewayResult result = run(Gateway.define("race-limit").racing(true).maxConcurrentRequests(1)
                .function("a", failing("a is down"))
                .function("b", (exchange, args) -> "b")
                .function("c", (exchange, args) -> "c"), "in");

        assertThat(result.getWinner()).isEqualTo("b");
        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus)
                .containsExactly(ItemStatus.FAILED, ItemStatus.SUCCEEDED, ItemStatus.NOT_STARTED);
    }
}
