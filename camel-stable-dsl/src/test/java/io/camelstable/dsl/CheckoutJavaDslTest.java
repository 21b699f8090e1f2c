package io.camelstable.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelstable.gateway.GatewayItemResult;
import io.camelstable.gateway.GatewayResult;
import io.camelstable.gateway.GroupMetrics;
import io.camelstable.gateway.ItemStatus;
import io.camelstable.guardrail.MetricGuardrail;
import io.camelstable.policy.RetryStrategy;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The seed page's checkout, written with {@link StableRouteBuilder}, run twice through a route. */
class CheckoutJavaDslTest extends CamelTestSupport {

    private CheckoutServers servers;

    @Override
    protected RoutesBuilder createRouteBuilder() throws Exception {
        servers = new CheckoutServers();
        return new StableRouteBuilder() {
            @Override
            public void configure() {
                gateway("checkout").concurrent(true).maxConcurrentRequests(6)
                        .group("inventory-checks", g -> g.option("attempts", 2).option("wait", 10)
                                .option("retryStrategy", RetryStrategy.FIXED))
                        .group("payment", g -> g.option("attempts", 3).option("wait", 10)
                                .option("retryStrategy", RetryStrategy.EXPONENTIAL).option("jitter", 0.3))
                        .option("attempts", 2).option("wait", 20).option("logAllErrors", true)
                        .sharedBuffer(servers.order)
                        .rateLimit(50, Duration.ofSeconds(10))
                        .circuitBreaker("checkoutBreaker")
                        .maxTimeout(Duration.ofSeconds(60))
                        .executionContext("workflowId", "checkout-flow")
                        .guardrail("successRate", new MetricGuardrail(90.0, null, null, null))
                        .request("inventory-west", servers.west.url() + "/inventory/check", i -> i.group("inventory-checks")
                                .body(CheckoutServers.INVENTORY_BODY).header("CamelHttpMethod", "POST"))
                        .request("inventory-east", servers.east.url() + "/inventory/check", i -> i.group("inventory-checks")
                                .body(CheckoutServers.INVENTORY_BODY).header("CamelHttpMethod", "POST"))
                        .function("calculate-tax", servers.tax(), i -> i.arguments(List.of(149.99, "CA"))
                                .option("cacheEnabled", true).option("cacheTtl", 3_600_000))
                        .request("process-payment", servers.payments.url() + "/v1/charges", i -> i.group("payment")
                                .body(CheckoutServers.PAYMENT_BODY).header("CamelHttpMethod", "POST")
                                .option("attempts", 5)
                                .option("responseAnalyzer", CheckoutServers.paymentSucceeded())
                                .option("logAllSuccessfulAttempts", true)
                                .option("handleSuccessfulAttemptData", CheckoutServers.recordPayment()));

                from("direct:checkout").to(stableGateway("checkout"));
            }
        };
    }

    @AfterEach
    void closeServers() throws Exception {
        servers.close();
    }

    @Test
    void checkoutRunsEveryItemWithItsOwnRetriesAndSharesTheBuffer() {
        GatewayResult result = template.requestBody("direct:checkout", null, GatewayResult.class);

        assertCheckout(result, servers);
        assertThat(result.item("calculate-tax").getResult().isFromCache()).isFalse();

        GatewayResult again = template.requestBody("direct:checkout", null, GatewayResult.class);
        assertThat(again.item("calculate-tax").getResult().isFromCache()).as("tax rates are cached").isTrue();
        assertThat(servers.taxCalls).hasValue(1);
    }

    /** What both forms of the checkout must give on their first run. */
    static void assertCheckout(GatewayResult result, CheckoutServers servers) {
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getItems()).extracting(GatewayItemResult::getRequestId)
                .containsExactly("inventory-west", "inventory-east", "calculate-tax", "process-payment");
        assertThat(result.getItems()).extracting(GatewayItemResult::getStatus).containsOnly(ItemStatus.SUCCEEDED);

        assertThat(result.item("inventory-west").getData(String.class)).contains("\"warehouse\":\"west\"");
        assertThat(result.item("inventory-east").getResult().getTotalAttempts()).as("group: 2 attempts, 503 once")
                .isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, Double> tax = (Map<String, Double>) result.item("calculate-tax").getData();
        assertThat(tax.get("tax")).isCloseTo(149.99 * 0.0725, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.item("process-payment").getResult().getTotalAttempts())
                .as("503, then pending (rejected by the analyzer), then succeeded: the item's 5 attempts, not the group's 3")
                .isEqualTo(3);
        assertThat(result.item("process-payment").getData(String.class)).contains("tx-1");

        assertThat(servers.payments.seen("/v1/charges")).hasSize(3)
                .allSatisfy(s -> assertThat(s.method()).isEqualTo("POST"))
                .allSatisfy(s -> assertThat(s.body()).isEqualTo(CheckoutServers.PAYMENT_BODY));
        assertThat(servers.west.seen("/inventory/check").get(0).body()).isEqualTo(CheckoutServers.INVENTORY_BODY);

        assertThat(result.getMetrics().successRate()).isEqualTo(100.0);
        assertThat(result.getMetrics().validation() == null || result.getMetrics().validation().valid()).isTrue();
        assertThat(result.getMetrics().requestGroups()).extracting(GroupMetrics::groupId)
                .containsExactlyInAnyOrder("inventory-checks", "default", "payment");
        await().atMost(Duration.ofSeconds(10)).until(() -> "tx-1".equals(servers.order.read().get("payment")));
        assertThat(servers.order.read()).containsEntry("orderId", "ORD-98765");
    }
}
