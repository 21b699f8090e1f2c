package io.camelstable.coordination.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code ClusteredRoutePolicy} on two CamelContexts sharing one coordinator. */
class ClusteredRoutePolicyClusterTest extends ClusterTestSupport {

    private static final String ELECTION = CoordinatorClusterService.DEFAULT_NAMESPACE_PREFIX + "jobs";

    @Override
    RoutesBuilder routes(CoordinatorClusterService service) {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                from("direct:jobs").routeId("jobs").routePolicy(ClusteredRoutePolicy.forNamespace(service, "jobs"))
                        .to("mock:jobs");
            }
        };
    }

    private static ServiceStatus status(CamelContext context) {
        return context.getRouteController().getRouteStatus("jobs");
    }

    @Test
    void theRouteRunsOnlyOnTheLeaderAndMovesWhenItIsRevokedOrItsViewStops() throws Exception {
        await().until(() -> status(context) == ServiceStatus.Started);
        long epochA = serviceA.leaderEpoch("jobs").getAsLong();
        CamelContext b = startMember("b");
        CoordinatorClusterService serviceB = serviceOf(b);
        await().until(() -> serviceB.findView("jobs").flatMap(CoordinatorClusterView::getLeader).isPresent());
        assertThat(status(b)).isNotEqualTo(ServiceStatus.Started);

        // the coordinator revokes a (as the clustered one does when a leader cannot renew): a stops at once
        assertThat(coordinator.resign(ELECTION, "a").join()).isTrue();
        assertThat(serviceA.leaderEpoch("jobs")).isEmpty();
        assertThat(serviceA.isLeader("jobs")).isFalse();
        await().until(() -> status(b) == ServiceStatus.Started && status(context) == ServiceStatus.Stopped);
        long epochB = serviceB.leaderEpoch("jobs").getAsLong();
        assertThat(epochB).isGreaterThan(epochA);
        // a campaigns again on its next refresh, as a follower: b keeps leading
        await().until(() -> serviceA.findView("jobs").orElseThrow().getLeader().map(m -> m.getId().equals("b")).orElse(false));
        assertThat(status(context)).isEqualTo(ServiceStatus.Stopped);

        // stopping b's view resigns: a takes over with a newer epoch
        serviceB.stopView("jobs");
        await().until(() -> status(context) == ServiceStatus.Started && status(b) == ServiceStatus.Stopped);
        assertThat(serviceA.leaderEpoch("jobs").getAsLong()).isGreaterThan(epochB);
        assertThat(coordinator.getLeader(ELECTION).join().orElseThrow().leaderId()).isEqualTo("a");
    }
}
