package io.camelstable.gateway;

import java.util.Map;

import io.camelstable.component.StableConstants;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code stable:gateway:<id>} in routes: the result as the body, the headers, splitting, failures and overrides. */
class GatewayEndpointTest extends GatewayTestSupport {

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        server.script("/customers", Reply.of(200, "customer").header("X-Source", "crm"));
        registry.bind("orders", Gateway.define("orders")
                .request("customer", server.url() + "/customers")
                .function("total", (exchange, args) -> "total of " + exchange.getMessage().getBody()));
        registry.bind("failing", Gateway.define("failing").option("wait", "1ms")
                .function("fine", (exchange, args) -> "fine")
                .function("broken", failing("broken")));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").to("stable:gateway:orders").split(GatewaySplit.items()).to("mock:item");
                from("direct:simple-split").to("stable:gateway:orders").split(simple("${body.items}")).to("mock:simple");
                from("direct:failing").to("stable:gateway:failing?attempts=3");
                from("direct:tolerant").to("stable:gateway:failing?throwOnFailure=false&concurrentExecution=false");
            }
        };
    }

    @Test
    void theRouteGetsTheResultAndCanSplitItIntoItems() throws Exception {
        MockEndpoint items = getMockEndpoint("mock:item");
        items.expectedMessageCount(2);
        items.message(0).header(StableConstants.GATEWAY_ITEM_ID).isEqualTo("customer");
        items.message(0).header("X-Source").isEqualTo("crm");
        items.message(1).header(StableConstants.GATEWAY_ITEM_ID).isEqualTo("total");
        items.message(1).body().isEqualTo("total of order-7");
        items.message(1).header(StableConstants.GATEWAY_ITEM_STATUS).isEqualTo(ItemStatus.SUCCEEDED);

        Exchange out = template.request("direct:orders", e -> {
            e.getMessage().setBody("order-7");
            e.getMessage().setHeader("X-Customer", "c-1");
        });

        items.assertIsSatisfied();
        assertThat(out.getException()).isNull();
        GatewayResult result = out.getMessage().getBody(GatewayResult.class);
        assertThat(result.isSuccess()).isTrue();
        assertThat(out.getMessage().getHeaders()).containsEntry(StableConstants.GATEWAY_SUCCESS, true)
                .containsEntry(StableConstants.GATEWAY_TOTAL, 2).containsEntry(StableConstants.GATEWAY_SUCCESSFUL, 2)
                .containsEntry(StableConstants.GATEWAY_FAILED, 0);
        assertThat(out.getProperty(StableConstants.GATEWAY_RESULT)).isSameAs(result);
        assertThat(server.seen("/customers").get(0).header("X-Customer")).as("request items send the message")
                .isEqualTo("c-1");
        assertThat(items.getExchanges().get(0).getMessage().getBody(String.class)).isEqualTo("customer");
    }

    @Test
    void itemsAreSplitAsResultsWithSimple() throws Exception {
        MockEndpoint items = getMockEndpoint("mock:simple");
        items.expectedMessageCount(2);
        template.sendBody("direct:simple-split", "order-8");
        items.assertIsSatisfied();
        assertThat(items.getExchanges().get(1).getMessage().getBody(GatewayItemResult.class).getRequestId())
                .isEqualTo("total");
    }

    @Test
    void aFailedRunFailsTheExchangeWithTheResult() {
        Exchange out = template.request("direct:failing", e -> e.getMessage().setBody("x"));

        assertThat(out.getException()).isInstanceOf(GatewayExecutionException.class);
        GatewayResult result = ((GatewayExecutionException) out.getException()).getResult();
        assertThat(result.item("fine").isSuccess()).isTrue();
        assertThat(result.item("broken").getResult().getTotalAttempts()).as("attempts=3 on the URI cascades").isEqualTo(3);
        assertThat(out.getMessage().getHeader(StableConstants.GATEWAY_SUCCESS)).isEqualTo(false);
    }

    @Test
    void throwOnFailureFalseContinuesWithTheResult() {
        Exchange out = template.request("direct:tolerant", e -> e.getMessage().setBody("x"));

        assertThat(out.getException()).isNull();
        GatewayResult result = out.getMessage().getBody(GatewayResult.class);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getError()).contains("broken");
        assertThat(out.getMessage().getHeader(StableConstants.GATEWAY_FAILED)).isEqualTo(1);
    }

    @Test
    void aMissingGatewayFailsWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> context.getEndpoint("stable:gateway:nowhere"))
                .hasStackTraceContaining("'target': nowhere. Allowed: the id of a GatewayDefinition bean in the registry");
    }

    @Test
    void badDefinitionsFailWhenWrittenOrBuilt() {
        GatewayDefinition d = Gateway.define("bad");
        assertThatThrownBy(() -> d.option("attempt", 3)).isInstanceOf(GatewayDefinitionException.class)
                .hasMessageContaining("gateway 'bad': unknown option 'attempt'");
        assertThatThrownBy(() -> d.request("a", "direct:a", i -> i.option("retryStrategy", "SOMETIMES")))
                .hasMessageContaining("item 'a' of gateway 'bad': Invalid value for stable option 'retryStrategy': SOMETIMES."
                        + " Allowed: FIXED, LINEAR, EXPONENTIAL or DECORRELATED_JITTER");
        assertThatThrownBy(() -> d.option("guardrail", Map.of("totalAttempts", Map.of("most", 2))))
                .hasMessageContaining("guardrail.totalAttempts.most");

        GatewayDefinition zeroAttempts = Gateway.define("zero").group("g", g -> g.option("attempts", 0))
                .function("f", (exchange, args) -> "f", i -> i.group("g"));
        assertThatThrownBy(() -> zeroAttempts.build(context)).isInstanceOf(GatewayDefinitionException.class)
                .hasMessageContaining("item 'f' of gateway 'zero' (group 'g'): Invalid value for stable option 'attempts': 0")
                .hasMessageContaining("(the option is set by the group 'g' of gateway 'zero')");
        GatewayDefinition unknownGroup = Gateway.define("lost").function("f", (exchange, args) -> "f", i -> i.group("nope"));
        assertThatThrownBy(() -> unknownGroup.build(context)).hasMessageContaining("group 'nope' is not defined");
        GatewayDefinition both = Gateway.define("both").racing(true).stopOnFirstError(true);
        assertThatThrownBy(() -> both.build(context)).hasMessageContaining("racing and stopOnFirstError exclude each other");
        assertThatThrownBy(() -> Gateway.define("missing-bean").function("f", "noSuchBean", i -> {
        }).build(context)).hasMessageContaining("item 'f' of gateway 'missing-bean'").hasMessageContaining("noSuchBean");
    }
}
