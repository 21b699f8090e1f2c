package io.camelstable.infinispan.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.cluster.CoordinatorClusterService;
import io.camelstable.coordination.cluster.CoordinatorClusterView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code master:} on three CamelContexts, each with its own strict-mode member: only the leader consumes, and a
 * leader cut off from the majority stops consuming before any other member starts (the camel-infinispan-embedded
 * 4.17 service kept a second leader for good after one failed refresh).
 */
class RaftMasterTest {

    private RaftCluster cluster;
    private final List<CamelContext> contexts = new ArrayList<>();
    /** (member, leading?, when) in the order the views told Camel. */
    private final List<Object[]> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        if (cluster != null) {
            cluster.close();
        }
    }

    private CamelContext member(RaftCoordinator coordinator) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("direct", DirectComponent.class).setBlock(false);
        CoordinatorClusterService service = new CoordinatorClusterService(coordinator);
        service.setRefreshInterval("200ms");
        context.addService(service);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:jobs:direct:work").process(service.leaderEpochHeader("jobs")).to("mock:work");
            }
        });
        context.start();
        CoordinatorClusterView view = service.findView("jobs").orElseThrow();
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> changes.add(
                new Object[] {coordinator.nodeId(), v.getLocalMember().isLeader(), System.nanoTime()}));
        contexts.add(context);
        return context;
    }

    private static boolean consumes(CamelContext context) {
        Exchange probe = context.createProducerTemplate().send("direct:work", e -> e.getMessage().setBody("probe"));
        return !(probe.getException() instanceof DirectConsumerNotAvailableException);
    }

    @Test
    void onlyTheLeaderConsumesAndACutOffLeaderStopsBeforeAnotherStarts() throws Exception {
        cluster = new RaftCluster("raft-master");
        for (RaftCoordinator node : cluster.nodes) {
            member(node);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> contexts.stream().filter(RaftMasterTest::consumes).count() == 1);
        int leader = 0;
        while (!consumes(contexts.get(leader))) {
            leader++;
        }
        RaftCoordinator isolated = cluster.node(leader);
        long cut = System.nanoTime();
        RaftCluster.isolate(isolated);

        CamelContext cutOff = contexts.get(leader);
        await().atMost(Duration.ofSeconds(10)).until(() -> !consumes(cutOff));
        await().atMost(Duration.ofSeconds(20)).until(() -> contexts.stream().filter(c -> c != cutOff)
                .anyMatch(RaftMasterTest::consumes));

        Object[] stepDown = changes.stream().filter(c -> c[0].equals(isolated.nodeId()) && !(Boolean) c[1])
                .filter(c -> (Long) c[2] > cut).findFirst().orElseThrow();
        Object[] takeOver = changes.stream().filter(c -> !c[0].equals(isolated.nodeId()) && (Boolean) c[1])
                .filter(c -> (Long) c[2] > cut).findFirst().orElseThrow();
        assertThat((Long) stepDown[2]).as("the cut-off leader let go before another took over").isLessThan((Long) takeOver[2]);
        System.out.printf("master: on strict mode, the cut-off leader let go %.0f ms after the cut, %s took over after"
                + " %.0f ms%n", ((Long) stepDown[2] - cut) / 1e6, takeOver[0], ((Long) takeOver[2] - cut) / 1e6);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !consumes(cutOff));
    }
}
