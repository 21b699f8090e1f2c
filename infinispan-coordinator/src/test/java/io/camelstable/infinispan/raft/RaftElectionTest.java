package io.camelstable.infinispan.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.infinispan.SeenLeadership.Seen;
import io.camelstable.infinispan.CoordinatorHealthCheck;

import static io.camelstable.infinispan.SeenLeadership.assertSteppedDownBeforeAnotherWasElected;
import static io.camelstable.infinispan.SeenLeadership.has;
import static io.camelstable.infinispan.SeenLeadership.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leased leader elections across three strict-mode members, with step-down when a leader is cut off. */
class RaftElectionTest {

    private RaftCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<Leadership> campaignAll(String election) {
        List<Leadership> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(cluster.node(i).campaign(election, "c" + (i + 1)).join());
        }
        return answers;
    }

    @Test
    void oneLeaderEverywhereAndTheNextHasAHigherEpochWhenItResigns() throws Exception {
        cluster = new RaftCluster("raft-election");
        List<List<Seen>> seen = List.of(listen(cluster.node(0), "scheduler"), listen(cluster.node(1), "scheduler"),
                listen(cluster.node(2), "scheduler"));
        List<Leadership> answers = campaignAll("scheduler");
        assertThat(answers.stream().filter(Leadership::isLeader)).hasSize(1);
        Leadership first = answers.stream().filter(Leadership::isLeader).findFirst().orElseThrow();
        assertThat(answers).allSatisfy(l -> assertThat(l.leaderId()).isEqualTo(first.leaderId()));
        for (List<Seen> s : seen) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !s.isEmpty());
            assertThat(s.get(0).event()).isEqualTo(new LeadershipEvent("scheduler", LeadershipEvent.Type.ELECTED,
                    first.leaderId(), first.epoch()));
        }
        // the leader keeps its lease by campaigning: after several leases it still leads with the same epoch
        int leaderNode = Integer.parseInt(first.leaderId().substring(1)) - 1;
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> cluster.node(leaderNode).isLeading("scheduler", first.leaderId()));
        assertThat(cluster.node(0).getLeader("scheduler").join().orElseThrow().epoch()).isEqualTo(first.epoch());

        assertThat(cluster.node(leaderNode).resign("scheduler", first.leaderId()).join()).isTrue();

        Leadership next = await().atMost(Duration.ofSeconds(5)).until(
                () -> cluster.node(0).getLeader("scheduler").join().orElse(null), l -> l != null);
        assertThat(next.leaderId()).isNotEqualTo(first.leaderId());
        assertThat(next.epoch()).isGreaterThan(first.epoch());
        for (List<Seen> s : seen) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(s.stream().map(Seen::event)).contains(
                    new LeadershipEvent("scheduler", LeadershipEvent.Type.REVOKED, first.leaderId(), first.epoch()),
                    new LeadershipEvent("scheduler", LeadershipEvent.Type.ELECTED, next.leaderId(), next.epoch())));
        }
    }

    @Test
    void aLeaderCutOffFromTheMajorityStepsDownBeforeAnotherIsElected() throws Exception {
        cluster = new RaftCluster("raft-partition");
        List<Leadership> answers = campaignAll("jobs");
        Leadership first = answers.stream().filter(Leadership::isLeader).findFirst().orElseThrow();
        int leaderNode = Integer.parseInt(first.leaderId().substring(1)) - 1;
        RaftCoordinator isolated = cluster.node(leaderNode);
        RaftCoordinator witness = cluster.node((leaderNode + 1) % 3);
        List<Seen> atIsolated = listen(isolated, "jobs");
        List<Seen> atWitness = listen(witness, "jobs");

        long cutAt = System.nanoTime();
        RaftCluster.isolate(isolated);

        await().atMost(Duration.ofSeconds(10)).until(() -> has(atIsolated, LeadershipEvent.Type.REVOKED));
        assertThat(isolated.isLeading("jobs", first.leaderId())).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !isolated.hasQuorum());
        assertThat(CoordinatorHealthCheck.of(isolated).call().getState()).isEqualTo(HealthCheck.State.DOWN);
        // the majority is ready again once it has elected a Raft leader among itself
        await().atMost(Duration.ofSeconds(15))
                .until(() -> CoordinatorHealthCheck.of(witness).call().getState() == HealthCheck.State.UP);
        await().atMost(Duration.ofSeconds(15)).until(() -> has(atWitness, LeadershipEvent.Type.ELECTED));
        assertSteppedDownBeforeAnotherWasElected(atIsolated, atWitness, first, cutAt, "partitioned leader");
        // the minority cannot write
        assertThat(isolated.incrementCounter("x", 1)).failsWithin(Duration.ofSeconds(10));
    }
}
