package io.camelstable.coordination.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code master:} on two CamelContexts sharing one coordinator: only the leader consumes; the other takes over. */
class MasterClusterTest extends ClusterTestSupport {

    @Override
    RoutesBuilder routes(CoordinatorClusterService service) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("master:orders:direct:work").process(service.leaderEpochHeader("orders")).to("mock:work");
            }
        };
    }

    @Test
    void onlyTheLeaderConsumesAndTheOtherTakesOverWithAHigherEpochWhenTheLeaderStops() throws Exception {
        await().until(() -> serviceA.leaderEpoch("orders").isPresent());
        CamelContext b = startMember("b");
        CoordinatorClusterService serviceB = serviceOf(b);
        CoordinatorClusterView viewB = serviceB.findView("orders").orElseThrow();
        // b has campaigned and learnt that a leads
        await().until(() -> viewB.getLeader().map(m -> m.getId().equals("a")).orElse(false));
        long epochA = serviceA.leaderEpoch("orders").getAsLong();
        assertThat(serviceB.leaderEpoch("orders")).isEmpty();
        assertThat(viewB.getLocalMember().isLeader()).isFalse();

        await().ignoreExceptions().untilAsserted(() -> template.sendBody("direct:work", "to a"));
        MockEndpoint workA = getMockEndpoint("mock:work");
        assertThat(workA.getReceivedCounter()).isEqualTo(1);
        assertThat(workA.getExchanges().get(0).getMessage().getHeader(CoordinatorClusterService.LEADER_EPOCH_HEADER))
                .isEqualTo(epochA);
        // the follower's master consumer has not started its direct consumer
        assertThatThrownBy(() -> b.createProducerTemplate().sendBody("direct:work", "to b"))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(DirectConsumerNotAvailableException.class);
        MockEndpoint workB = b.getEndpoint("mock:work", MockEndpoint.class);
        assertThat(workB.getReceivedCounter()).isZero();

        context.stop(); // a resigns as its view stops
        assertThat(serviceA.leaderEpoch("orders")).isEmpty();
        await().until(() -> serviceB.leaderEpoch("orders").isPresent());
        long epochB = serviceB.leaderEpoch("orders").getAsLong();
        assertThat(epochB).isGreaterThan(epochA);
        await().ignoreExceptions().untilAsserted(() -> b.createProducerTemplate().sendBody("direct:work", "to b"));
        assertThat(workB.getReceivedCounter()).isEqualTo(1);
        assertThat(workB.getExchanges().get(0).getMessage().getHeader(CoordinatorClusterService.LEADER_EPOCH_HEADER))
                .isEqualTo(epochB);
        assertThat(coordinator.getLeader("camel-cluster/orders").join().orElseThrow().leaderId()).isEqualTo("b");
    }
}
