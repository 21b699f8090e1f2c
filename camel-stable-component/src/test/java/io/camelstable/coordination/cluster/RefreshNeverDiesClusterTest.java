package io.camelstable.coordination.cluster;

import io.camelstable.coordination.Coordinator;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The refresh loop survives a coordinator that throws, fails its futures or never answers (the 4.17 Infinispan
 * cluster service's refresh task dies on the first exception); a leader that cannot confirm its leadership steps
 * down.
 */
class RefreshNeverDiesClusterTest extends ClusterTestSupport {

    private final UnreliableCoordinator unreliable = startFailing(new UnreliableCoordinator(coordinator));

    private static UnreliableCoordinator startFailing(UnreliableCoordinator c) {
        c.failing = true;
        return c;
    }

    @Override
    Coordinator coordinatorFor(String memberId) {
        return unreliable.coordinator;
    }

    @Override
    RoutesBuilder routes(CoordinatorClusterService service) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("master:jobs:direct:work").to("mock:work");
            }
        };
    }

    private boolean consumes() {
        try {
            template.sendBody("direct:work", "x");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void theLoopOutlivesFailuresAndTheLeaderStepsDownWhileItCannotConfirm() {
        // every kind of failure, several times over: the loop keeps campaigning
        await().until(() -> unreliable.failedCalls.get() >= 12);
        assertThat(serviceA.leaderEpoch("jobs")).isEmpty();
        assertThat(consumes()).isFalse();

        int campaignsBefore = unreliable.campaigns.get();
        unreliable.failing = false;
        await().until(() -> serviceA.leaderEpoch("jobs").isPresent());
        assertThat(unreliable.campaigns.get()).isGreaterThan(campaignsBefore);
        long firstEpoch = serviceA.leaderEpoch("jobs").getAsLong();
        await().until(this::consumes);

        // while leading: the coordinator fails, so the leader steps down and its master consumer stops
        unreliable.failing = true;
        await().until(() -> serviceA.leaderEpoch("jobs").isEmpty());
        await().until(() -> !consumes());
        int failedBefore = unreliable.failedCalls.get();
        await().until(() -> unreliable.failedCalls.get() >= failedBefore + 6);
        assertThat(serviceA.leaderEpoch("jobs")).isEmpty();

        unreliable.failing = false;
        await().until(() -> serviceA.leaderEpoch("jobs").isPresent());
        assertThat(serviceA.leaderEpoch("jobs").getAsLong()).isGreaterThanOrEqualTo(firstEpoch);
        await().until(this::consumes);
    }
}
