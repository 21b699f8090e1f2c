package io.camelstable.gateway;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Items with a non-blocking delegate (vertx-http): they start in the thread that launches them, with no abort
 * signal, and keep every gateway guarantee: results per item with their response headers, the launch limit, and a
 * race whose loser, still in flight, is reported CANCELLED at once.
 */
class GatewayVertxHttpTest extends GatewayTestSupport {

    @Test
    void itemsRunInTheLaunchingThreadAndReportEachResponse() throws Exception {
        server.script("/v", Reply.of(200, "ok").header("X-Item", "v"));
        GatewayDefinition definition = Gateway.define("vertx").maxConcurrentRequests(4);
        for (int i = 0; i < 12; i++) {
            definition.request("item-" + i, "vertx-http:" + server.url() + "/v");
        }
        definition.request("blocking", server.url() + "/v");
        try (Gateway gateway = definition.build(context)) {
            assertThat(gateway.items().get(0).attempt.mayBlock()).as("vertx-http never blocks its caller").isFalse();
            assertThat(gateway.items().get(12).attempt.mayBlock()).as("camel-http blocks its caller").isTrue();
            GatewayResult result = gateway.execute("in").get(30, TimeUnit.SECONDS);

            assertThat(result.isSuccess()).isTrue();
            assertThat(result.getItems()).hasSize(13).allSatisfy(item -> {
                assertThat(item.getStatus()).isEqualTo(ItemStatus.SUCCEEDED);
                assertThat(item.getData(String.class)).isEqualTo("ok");
                assertThat(item.getHeaders().get("x-item")).as("response headers, looked up case-insensitively")
                        .isEqualTo("v");
            });
        }
        assertThat(server.seen("/v")).hasSize(13);
    }

    @Test
    void aLoserInFlightIsCancelledAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.script("/held", Reply.of(200, "late").heldBy(release));
        server.script("/fast", Reply.of(200, "first"));
        try (Gateway gateway = Gateway.define("vertx-race").racing(true)
                .request("loser", "vertx-http:" + server.url() + "/held")
                .request("winner", "vertx-http:" + server.url() + "/fast")
                .build(context)) {
            GatewayResult result = gateway.execute("in").get(30, TimeUnit.SECONDS);

            assertThat(release.getCount()).as("decided while the loser's response was still held").isOne();
            assertThat(result.getWinner()).isEqualTo("winner");
            assertThat(result.item("loser").getStatus()).isEqualTo(ItemStatus.CANCELLED);
            assertThat(result.item("winner").getData(String.class)).isEqualTo("first");
        } finally {
            release.countDown();
        }
    }
}
