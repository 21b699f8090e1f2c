package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The strict-mode coordinator in three JVMs on 127.0.0.1 TCP while every node runs counter, CAS, lock and publish
 * rounds and campaigns for one election ({@link CoordinatorNode}): {@code kill -9} of the Raft leader, of a
 * lock holder, and a partition (JGroups DISCARD) of the leader. The checker's strict figures must all be zero: duplicated or unapplied acknowledged counter values,
 * two CAS acknowledged for one version, duplicated fencing tokens, time with two election leaders, and messages
 * acknowledged to a publisher but never delivered to a surviving subscriber ({@link CheckedRun#assertAllZero()}).
 * Timings are printed, one {@code RUN} line per scenario. {@link DefaultModeFailureTest} runs the same load on the
 * default mode.
 */
class CoordinatorFailureTest {

    // -Dcoordinator.timeout=<ms> to measure another request timeout
    private static final List<String> LOAD = List.of("maxSeconds=40", "maxOps=20000", "pauseMillis=2",
            "timeoutMillis=" + System.getProperty("coordinator.timeout", "1000"), "backoffMillis=200",
            "lifetimeSeconds=90");
    private final CoordinatorRuns runs = new CoordinatorRuns(CoordinatorRuns.Mode.STRICT, LOAD, 100);
    private ThreeRaftNodes cluster;

    @AfterEach
    void killAll() {
        runs.close();
    }

    @Test
    void killNineOfTheRaftLeader() {
        NodeProcess leader = runs.loadWithOneLeader("coord-kill-leader");
        cluster = runs.cluster();
        List<NodeProcess> survivors = cluster.others(leader);

        long kill = leader.kill9();
        runs.awaitWriting(survivors, kill);
        CheckedRun checked = finish(survivors, leader, kill);
        RunChecker run = checked.run();

        long raftFailover = run.firstAfter("RAFTLEADER", kill).orElseThrow() - kill;
        long electionFailover = run.firstAfter("LEADER", kill).orElseThrow() - kill;
        long firstAck = run.firstAfter("ACK", kill + raftFailover).orElseThrow() - kill;
        System.out.printf("RUN coordinator kill-raft-leader: raftLeader=%.0fms electionLeader=%.0fms"
                + " firstAckWithNewRaftLeader=%.0fms %s%n", raftFailover / 1e6, electionFailover / 1e6, firstAck / 1e6,
                checked.summary());
    }

    @Test
    void killNineOfALockHolder() {
        CoordinatorRuns.Holder holder = runs.loadWithAHolder("coord-kill-holder");
        cluster = runs.cluster();
        List<NodeProcess> survivors = cluster.others(holder.node());

        long kill = holder.node().kill9();
        runs.awaitWriting(survivors, kill);
        // with Nagle off, 100 writes can come before the 1 s lease runs out: wait for the takeover itself
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.checker().firstAckAfter("token", kill).isPresent());
        CheckedRun checked = finish(survivors, holder.node(), kill);
        RunChecker run = checked.run();

        long released = run.firstAckAfter("token", kill).orElseThrow() - kill;
        System.out.printf("RUN coordinator kill-lock-holder: lockTakenOver=%.0fms heldToken=%d %s%n", released / 1e6,
                holder.token(), checked.summary());
        assertThat(run.minAckedAfter("token", kill).orElseThrow()).as("the next holder's token is above the dead holder's")
                .isGreaterThan(holder.token());
    }

    @Test
    void aPartitionedLeaderStepsDownAndCommitsNothing() {
        NodeProcess isolated = runs.loadWithOneLeader("coord-partition");
        cluster = runs.cluster();
        List<NodeProcess> majority = cluster.others(isolated);
        String isolatedId = ThreeRaftNodes.id(isolated);

        isolated.send("DISCARD on");
        await().atMost(Duration.ofSeconds(10)).until(() -> isolated.printed("DISCARDING on"));
        long cut = cluster.checker().firstAfter("DISCARDING", 0).orElseThrow();
        runs.awaitWriting(majority, cut);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.checker().countAfter(isolatedId, "FAIL", cut) >= 1);
        isolated.send("STOP");
        CheckedRun checked = finish(majority, null, 0);
        RunChecker run = checked.run();

        long stepDown = run.firstAfter("STEPDOWN", cut).orElseThrow() - cut;
        long newLeader = run.firstAfter("LEADER", cut).orElseThrow() - cut;
        long raftLeader = run.firstAfter("RAFTLEADER", cut).orElseThrow() - cut;
        long isolatedAcks = run.countAfter(isolatedId, "ACK", cut) + run.countAfter(isolatedId, "PUBACK", cut);
        System.out.printf("RUN coordinator partition-leader: isolatedStepDown=%.0fms newElectionLeader=%.0fms"
                + " newRaftLeader=%.0fms isolatedAcksAfterCut=%d isolatedFailed=%d %s%n", stepDown / 1e6,
                newLeader / 1e6, raftLeader / 1e6, isolatedAcks, run.countAfter(isolatedId, "FAIL", cut),
                checked.summary());
        assertThat(run.countAfter(isolatedId, "STEPDOWN", cut)).as("the cut-off leader stepped down").isEqualTo(1);
        // one call may be in flight when the cut comes, committed just before it; nothing after that
        assertThat(isolatedAcks).as("operations the cut-off member had acknowledged").isLessThanOrEqualTo(1);
    }

    /** Stops the survivors, checks the run and asserts strict mode's zeros. */
    private CheckedRun finish(List<NodeProcess> survivors, NodeProcess killed, long kill) {
        CheckedRun checked = runs.finish(survivors, killed, kill, Duration.ofSeconds(20));
        checked.assertAllZero();
        return checked;
    }
}
