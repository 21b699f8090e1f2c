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
 * acknowledged to a publisher but never delivered to a surviving subscriber. Timings are printed, one {@code RUN}
 * line per scenario.
 */
class CoordinatorFailureTest {

    // -Dcoordinator.timeout=<ms> to measure another request timeout
    private static final List<String> LOAD = List.of("maxSeconds=40", "maxOps=20000", "pauseMillis=2",
            "timeoutMillis=" + System.getProperty("coordinator.timeout", "1000"), "backoffMillis=200",
            "lifetimeSeconds=90");
    private ThreeRaftNodes cluster;

    @AfterEach
    void killAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killNineOfTheRaftLeader() {
        NodeProcess leader = loadWithOneLeader("coord-kill-leader");
        List<NodeProcess> survivors = cluster.others(leader);

        long kill = leader.kill9();
        await().atMost(Duration.ofSeconds(30)).until(() -> survivors.stream().allMatch(n -> ackedAfter(n, kill, 100)));
        Checked checked = finish(survivors, leader, kill);
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
        cluster = ThreeRaftNodes.underLoad("coord-kill-holder", CoordinatorNode.class, LOAD);
        // a holder that is not the Raft leader: what is measured is the lock's lease, not a Raft failover
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader("RAFTLEADER", "RAFTFOLLOWER") != null);
        NodeProcess raftLeader = cluster.leader("RAFTLEADER", "RAFTFOLLOWER");
        NodeProcess holder = cluster.others(raftLeader).get(0);
        holder.send("HOLD");
        await().atMost(Duration.ofSeconds(20)).until(() -> holder.printed("HOLDING"));
        long token = Long.parseLong(holder.lines().stream().filter(l -> l.startsWith("HOLDING")).findFirst().orElseThrow().split(" ")[1]);
        List<NodeProcess> survivors = cluster.others(holder);

        long kill = holder.kill9();
        await().atMost(Duration.ofSeconds(30)).until(() -> survivors.stream().allMatch(n -> ackedAfter(n, kill, 100)));
        Checked checked = finish(survivors, holder, kill);
        RunChecker run = checked.run();

        long released = run.firstAckAfter("token", kill).orElseThrow() - kill;
        System.out.printf("RUN coordinator kill-lock-holder: lockTakenOver=%.0fms heldToken=%d %s%n", released / 1e6,
                token, checked.summary());
        assertThat(run.minAckedAfter("token", kill).orElseThrow()).as("the next holder's token is above the dead holder's")
                .isGreaterThan(token);
    }

    @Test
    void aPartitionedLeaderStepsDownAndCommitsNothing() {
        NodeProcess isolated = loadWithOneLeader("coord-partition");
        List<NodeProcess> majority = cluster.others(isolated);
        String isolatedId = ThreeRaftNodes.id(isolated);

        isolated.send("DISCARD on");
        await().atMost(Duration.ofSeconds(10)).until(() -> isolated.printed("DISCARDING on"));
        long cut = cluster.checker().firstAfter("DISCARDING", 0).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> majority.stream().allMatch(n -> ackedAfter(n, cut, 100)));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.checker().countAfter(isolatedId, "FAIL", cut) >= 1);
        isolated.send("STOP");
        Checked checked = finish(majority, null, 0);
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

    /** A checked run and its figures on one line. */
    private record Checked(RunChecker run, String summary) {
    }

    /**
     * Starts the cluster and its load so that the Raft leader campaigns first and leads the election too: cutting
     * or killing it ends both leaderships at once.
     *
     * @return the node that leads both
     */
    private NodeProcess loadWithOneLeader(String name) {
        cluster = new ThreeRaftNodes(name, CoordinatorNode.class, LOAD);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader("RAFTLEADER", "RAFTFOLLOWER") != null);
        NodeProcess leader = cluster.leader("RAFTLEADER", "RAFTFOLLOWER");
        cluster.load(List.of(leader));
        await().atMost(Duration.ofSeconds(20)).until(() -> leader.printed("LEADER "));
        cluster.load(cluster.others(leader));
        return leader;
    }

    private boolean ackedAfter(NodeProcess node, long nanos, int count) {
        return cluster.checker().countAfter(ThreeRaftNodes.id(node), "ACK", nanos) >= count;
    }

    /**
     * Stops the survivors, waits for every acknowledged message to reach them, checks and sums up the run.
     * {@code killed} (or null) stopped leading when it was killed, at {@code kill}.
     */
    private Checked finish(List<NodeProcess> survivors, NodeProcess killed, long kill) {
        NodeProcess reader = cluster.stopAndAskFinal(survivors);
        long counter = ThreeRaftNodes.finalOf(reader, "counter");
        long version = ThreeRaftNodes.finalOf(reader, "cas");
        // redelivery is every 500 ms: give late deliveries a bounded time to arrive
        await().atMost(Duration.ofSeconds(20)).until(() -> survivors.stream()
                .allMatch(n -> cluster.checker().undelivered(ThreeRaftNodes.id(n)) == 0));
        long end = System.nanoTime();
        RunChecker run = killed == null ? cluster.checker() : cluster.checker().killedAt(ThreeRaftNodes.id(killed), kill);
        long undelivered = survivors.stream().mapToLong(n -> run.undelivered(ThreeRaftNodes.id(n))).sum();
        String summary = String.format("counterAcked=%d final=%d counterDuplicates=%d counterNotApplied=%d casAcked=%d"
                + " finalVersion=%d casDuplicates=%d casNotApplied=%d tokens=%d tokenDuplicates=%d published=%d"
                + " undelivered=%d twoLeaders=%.1fms epochsWithTwoLeaders=%d failed=%d",
                run.acked("counter"), counter, run.duplicates("counter"), run.ackedNotApplied("counter", counter),
                run.acked("cas"), version, run.duplicates("cas"), run.ackedNotApplied("cas", version),
                run.acked("token"), run.duplicates("token"), run.published(), undelivered, run.twoLeadersNanos(end) / 1e6,
                run.termsWithTwoLeaders(), cluster.all().stream().mapToLong(n -> n.count("FAIL")).sum());

        assertThat(run.duplicates("counter")).as("counter values acknowledged twice").isZero();
        assertThat(run.ackedNotApplied("counter", counter)).as("acknowledged increments not applied").isZero();
        assertThat(run.duplicates("cas")).as("two CAS acknowledged for one expected version").isZero();
        assertThat(run.ackedNotApplied("cas", version)).as("acknowledged CAS not in the final version").isZero();
        assertThat(run.duplicates("token")).as("fencing tokens handed out twice").isZero();
        assertThat(undelivered).as("messages acknowledged but never delivered").isZero();
        assertThat(run.twoLeadersNanos(end)).as("time with two election leaders").isZero();
        assertThat(run.termsWithTwoLeaders()).as("epochs with two leaders").isZero();
        assertThat(run.acked("counter")).isPositive();
        assertThat(run.acked("cas")).isPositive();
        assertThat(run.acked("token")).isPositive();
        return new Checked(run, summary);
    }
}
