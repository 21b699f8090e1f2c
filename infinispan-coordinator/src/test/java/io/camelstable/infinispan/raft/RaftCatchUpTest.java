package io.camelstable.infinispan.raft;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jgroups.protocols.DISCARD;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.Versioned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member cut off while the others keep writing, whose missing entries the leader has compacted into a
 * snapshot, catches up from that snapshot when it comes back, and then serves as a full member: it takes over
 * when the leader goes, with the state and the fencing counter intact.
 */
class RaftCatchUpTest {

    private RaftCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMemberBehindTheSnapshotCatchesUpFromItAndCanCarryOn() throws Exception {
        cluster = new RaftCluster("raft-catch-up");
        RaftCoordinator leader = cluster.raftLeader();
        RaftCoordinator behind = cluster.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        RaftCoordinator other = cluster.nodes.stream().filter(n -> n != leader && n != behind).findFirst().orElseThrow();
        long token = leader.acquireLock("report", LockOptions.lease(Duration.ofSeconds(30))).join().handle()
                .fencingToken();

        RaftCluster.isolate(behind);
        long appliedWhenCut = behind.lastApplied();
        for (int i = 0; i < 200; i++) {
            leader.incrementCounter("orders", 1).join();
        }
        Versioned<Object> cursor = leader.setState("cursor", 200L, null).join();
        leader.snapshot();
        other.snapshot();

        DISCARD discard = behind.channel().getProtocolStack().findProtocol(DISCARD.class);
        discard.discardAll(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> behind.lastApplied() >= leader.lastApplied());
        assertThat(behind.lastApplied()).isGreaterThan(appliedWhenCut + 200);

        // with the leader gone, the member that was behind must form the majority with the third one
        cluster.nodes.remove(leader);
        leader.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> behind.hasQuorum() && other.hasQuorum());
        assertThat(behind.getCounter("orders").join()).isEqualTo(200L);
        assertThat(behind.getState("cursor").join()).contains(cursor);
        CompletableFuture<LockResult> next = behind.acquireLock("report",
                new LockOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), false));
        assertThat(next.join().handle().fencingToken()).as("the fencing counter survived the snapshot")
                .isGreaterThan(token);
    }
}
