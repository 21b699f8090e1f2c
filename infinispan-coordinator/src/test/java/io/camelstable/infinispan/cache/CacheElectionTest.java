package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leased leader elections across three default-mode members. */
class CacheElectionTest {

    private static CacheCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new CacheCluster("cache-election");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<LeadershipEvent> listen(InfinispanCoordinator node, String election) {
        List<LeadershipEvent> seen = new CopyOnWriteArrayList<>();
        node.onLeadershipChange(election, seen::add);
        return seen;
    }

    private static List<Leadership> campaignAll(String election) {
        List<Leadership> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(cluster.node(i).campaign(election, "c" + (i + 1)).join());
        }
        return answers;
    }

    private static int nodeOf(Leadership leadership) {
        return Integer.parseInt(leadership.leaderId().substring(1)) - 1;
    }

    @Test
    void oneLeaderEverywhereThatKeepsItsEpochAndTheNextHasAHigherEpochWhenItResigns() {
        List<List<LeadershipEvent>> seen = List.of(listen(cluster.node(0), "scheduler"),
                listen(cluster.node(1), "scheduler"), listen(cluster.node(2), "scheduler"));
        List<Leadership> answers = campaignAll("scheduler");
        assertThat(answers.stream().filter(Leadership::isLeader)).hasSize(1);
        Leadership first = answers.stream().filter(Leadership::isLeader).findFirst().orElseThrow();
        assertThat(answers).allSatisfy(l -> assertThat(l.leaderId()).isEqualTo(first.leaderId()));
        LeadershipEvent elected = new LeadershipEvent("scheduler", LeadershipEvent.Type.ELECTED, first.leaderId(),
                first.epoch());
        for (List<LeadershipEvent> s : seen) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !s.isEmpty());
            assertThat(s.get(0)).isEqualTo(elected);
        }
        // the leader keeps its lease by campaigning: after more than a lease it still leads with the same epoch
        InfinispanCoordinator leader = cluster.node(nodeOf(first));
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> leader.isLeading("scheduler", first.leaderId()));
        assertThat(cluster.node(0).getLeader("scheduler").join().orElseThrow().epoch()).isEqualTo(first.epoch());
        assertThat(seen).allSatisfy(s -> assertThat(s).containsExactly(elected));

        assertThat(leader.resign("scheduler", first.leaderId()).join()).isTrue();

        Leadership next = await().atMost(Duration.ofSeconds(5)).until(
                () -> cluster.node(0).getLeader("scheduler").join().orElse(null), l -> l != null);
        assertThat(next.leaderId()).isNotEqualTo(first.leaderId());
        assertThat(next.epoch()).isGreaterThan(first.epoch());
        LeadershipEvent revoked = new LeadershipEvent("scheduler", LeadershipEvent.Type.REVOKED, first.leaderId(),
                first.epoch());
        LeadershipEvent electedNext = new LeadershipEvent("scheduler", LeadershipEvent.Type.ELECTED, next.leaderId(),
                next.epoch());
        for (List<LeadershipEvent> s : seen) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(s).containsExactly(elected, revoked,
                    electedNext));
        }
        assertThat(leader.isLeading("scheduler", first.leaderId())).isFalse();
    }

    @Test
    void aClosedCoordinatorRevokesItsLeaderLocallyAndAnotherNodeTakesOverWithAHigherEpoch() {
        // a fourth coordinator on the first member, so closing it leaves the cluster to the other tests
        InfinispanCoordinator extra = new InfinispanCoordinator(cluster.members.get(0),
                CacheCoordinatorSettings.of("n1b"));
        List<LeadershipEvent> atExtra = listen(extra, "reports");
        Leadership first = extra.campaign("reports", "extra").join();
        assertThat(first.isLeader()).isTrue();
        InfinispanCoordinator witness = cluster.node(1);
        List<LeadershipEvent> seen = listen(witness, "reports");
        assertThat(witness.campaign("reports", "c2").join().isLeader()).isFalse();

        extra.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(atExtra).contains(
                new LeadershipEvent("reports", LeadershipEvent.Type.REVOKED, "extra", first.epoch())));
        assertThat(extra.campaign("reports", "extra")).isCompletedExceptionally();
        await().atMost(Duration.ofSeconds(5)).until(() -> witness.isLeading("reports", "c2"));
        Leadership next = witness.getLeader("reports").join().orElseThrow();
        assertThat(next.leaderId()).isEqualTo("c2");
        assertThat(next.epoch()).isGreaterThan(first.epoch());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen).containsSubsequence(
                new LeadershipEvent("reports", LeadershipEvent.Type.REVOKED, "extra", first.epoch()),
                new LeadershipEvent("reports", LeadershipEvent.Type.ELECTED, "c2", next.epoch())));
        witness.resign("reports", "c2").join();
    }
}
