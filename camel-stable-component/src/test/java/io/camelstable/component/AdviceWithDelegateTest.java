package io.camelstable.component;

import io.camelstable.result.StableExecutionException;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel's TestKit on a stable route: AdviceWith swaps the real HTTP delegate for a mock endpoint that
 * fails on demand, so a route's retry behaviour is tested without any server.
 */
class AdviceWithDelegateTest extends CamelTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").routeId("orders")
                        .to("stable:request:http://orders.invalid/api?attempts=3&wait=5").to("mock:done");
            }
        };
    }

    @Test
    void theDelegateIsReplacedByAMockThatFailsTwice() throws Exception {
        AdviceWith.adviceWith(context, "orders", a -> a.weaveByToUri("stable:request:*").replace()
                .to("stable:request:mock:orders-api?attempts=3&wait=5"));
        context.start();
        MockEndpoint api = getMockEndpoint("mock:orders-api");
        api.expectedMessageCount(3);
        api.expectedHeaderValuesReceivedInAnyOrder("tenant", "t1", "t1", "t1");
        api.whenExchangeReceived(1, e -> e.setException(new IllegalStateException("first fails")));
        api.whenExchangeReceived(2, e -> e.setException(new IllegalStateException("second fails")));
        api.whenExchangeReceived(3, e -> e.getMessage().setBody("accepted"));
        getMockEndpoint("mock:done").expectedBodiesReceived("accepted");

        template.sendBodyAndHeader("direct:orders", "order-1", "tenant", "t1");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(getMockEndpoint("mock:done").getReceivedExchanges().get(0).getMessage()
                .getHeader(StableConstants.ATTEMPTS)).isEqualTo(3);
    }

    @Test
    void exhaustedAttemptsFailTheExchange() throws Exception {
        AdviceWith.adviceWith(context, "orders", a -> a.weaveByToUri("stable:request:*").replace()
                .to("stable:request:mock:down-api?attempts=2&wait=5"));
        context.start();
        MockEndpoint api = getMockEndpoint("mock:down-api");
        api.whenAnyExchangeReceived(e -> e.setException(new IllegalStateException("down")));
        api.expectedMessageCount(2);
        getMockEndpoint("mock:done").expectedMessageCount(0);

        Exception failure = template.send("direct:orders", e -> e.getMessage().setBody("order-2")).getException();

        assertThat(failure).isInstanceOf(StableExecutionException.class);
        MockEndpoint.assertIsSatisfied(context);
    }
}
