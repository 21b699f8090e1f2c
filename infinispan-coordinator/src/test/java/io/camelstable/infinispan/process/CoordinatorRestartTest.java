package io.camelstable.infinispan.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A strict-mode member restarted in place in three JVMs on 127.0.0.1 TCP, each member with a persistent Raft log
 * ({@code logDir}, jgroups-raft's {@code FileBasedLog}) in a directory of its own, under the load of
 * {@link CoordinatorFailureTest}: {@code kill -9} of a follower, a restart with the same id, port and log
 * directory, a wait until it acknowledges writes again, then {@code kill -9} of the Raft leader. The two left, one
 * of them the restarted member, must elect a leader, keep writing, bring the restarted member up to everything
 * the leader had applied when it came back, and every count of the checker must be zero
 * ({@link CheckedRun#assertAllZero()}). Had the member come back with an empty log, the leader's kill could have
 * elected a member missing committed entries; the persistent log is what makes this safe.
 * <p>
 * The restarted member must also catch up while the load goes on, before the leader's kill. With jgroups-raft
 * 1.1.4's own {@code RAFT} it did not at all: that resends missing entries only when its request queue has been
 * idle for {@code resend_interval}, and under this load it never is; the member acknowledged writes (redirected to
 * the leader) but stayed 18,000–23,000 entries behind until the leader's kill (three runs). {@link
 * io.camelstable.infinispan.raft.ResendingRaft} resends while busy too; the {@code RUN} line prints how long the
 * catch-up took.
 */
class CoordinatorRestartTest {

    private static final List<String> LOAD = List.of("maxSeconds=40", "maxOps=20000", "pauseMillis=2",
            "timeoutMillis=1000", "backoffMillis=200", "lifetimeSeconds=90", "appliedMillis=50");
    private static final int ACKS = 100;
    /** Generous for a loaded 2-core machine: it took 2.5 s here (restart to caught up). */
    private static final Duration CATCH_UP_UNDER_LOAD = Duration.ofSeconds(15);
    private CoordinatorRuns runs;

    @BeforeEach
    void logDirs(@TempDir Path logs) throws IOException {
        for (String id : ThreeRaftNodes.IDS) {
            Files.createDirectories(logs.resolve(id));
        }
        runs = new CoordinatorRuns(CoordinatorRuns.Mode.STRICT, LOAD, ACKS, id -> List.of("logDir=" + logs.resolve(id)));
    }

    @AfterEach
    void killAll() {
        runs.close();
    }

    @Test
    void aFollowerRestartedInPlaceThenTheLeadersKillLoseNothing() {
        NodeProcess leader = runs.loadWithOneLeader("coord-restart");
        ThreeRaftNodes cluster = runs.cluster();
        // the follower that applied most (without ResendingRaft, the other one could stay behind from the start)
        NodeProcess follower = cluster.others(leader).stream()
                .max(Comparator.comparingLong(n -> lastApplied(n, Long.MAX_VALUE))).orElseThrow();
        NodeProcess other = cluster.others(follower).stream().filter(n -> n != leader).findFirst().orElseThrow();
        long otherAppliedAtKill = lastApplied(other, Long.MAX_VALUE);
        long followerAppliedAtKill = lastApplied(follower, Long.MAX_VALUE);

        long followerKill = follower.kill9();
        // the two left commit without it, so it has something to catch up on
        runs.awaitWriting(List.of(leader, other), followerKill);

        long restart = System.nanoTime();
        long leaderApplied = lastApplied(leader, restart);
        NodeProcess again = cluster.restart(follower);
        await().atMost(Duration.ofSeconds(30)).until(() -> again.printed("READY") || !again.isAlive());
        assertThat(again.isAlive()).as("the restarted member runs (see its log in target/nodes)").isTrue();
        long firstApplied = firstApplied(again);
        assertThat(firstApplied).as("what the restarted member applied from its own log directory")
                .isGreaterThanOrEqualTo(followerAppliedAtKill);
        cluster.load(List.of(again), ACKS);
        boolean caughtUpUnderLoad = CoordinatorRuns.awaitAtMost(CATCH_UP_UNDER_LOAD,
                () -> lastApplied(again, Long.MAX_VALUE) >= leaderApplied);
        assertThat(caughtUpUnderLoad).as("the restarted member applies what the leader had when it came back, while the"
                + " load goes on").isTrue();

        long leaderKill = leader.kill9();
        long leaderAppliedAtKill = lastApplied(leader, leaderKill);
        long againAppliedAtKill = lastApplied(again, leaderKill);
        List<NodeProcess> survivors = List.of(other, again);
        runs.awaitWriting(survivors, leaderKill);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastApplied(again, Long.MAX_VALUE) >= leaderAppliedAtKill);
        CheckedRun checked = runs.finish(survivors, leader, leaderKill, Duration.ofSeconds(20), 2);
        RunChecker run = checked.run();
        String againId = ThreeRaftNodes.id(again);

        long ready = firstLine(again, "READY") - restart;
        long firstAck = firstLine(again, "ACK") - restart;
        long caughtUp = firstAppliedAtLeast(again, leaderApplied) - restart;
        long raftFailover = run.firstAfter("RAFTLEADER", leaderKill).orElseThrow() - leaderKill;
        long electionFailover = run.firstAfter("LEADER", leaderKill).orElseThrow() - leaderKill;
        long ackAfterKill = run.firstAfter("ACK", leaderKill + raftFailover).orElseThrow() - leaderKill;
        long caughtUpAfterKill = firstAppliedAtLeast(again, leaderAppliedAtKill) - leaderKill;
        String newRaftLeader = ThreeRaftNodes.id(cluster.leader("RAFTLEADER", "RAFTFOLLOWER"));
        System.out.printf("RUN coordinator restart-follower-then-kill-leader: restarted=%s appliedAtKill=%d"
                + " otherFollowerApplied=%d appliedFromOwnLog=%d leaderAppliedAtRestart=%d ready=%.0fms"
                + " firstAck=%.0fms caughtUpUnderLoad=%s (within %ds) caughtUp=%.0fms | leader killed:"
                + " leaderApplied=%d restartedApplied=%d newRaftLeader=%s raftLeader=%.0fms electionLeader=%.0fms"
                + " firstAck=%.0fms restartedCaughtUp=%.0fms %s%n", againId, followerAppliedAtKill,
                otherAppliedAtKill, firstApplied, leaderApplied, ready / 1e6, firstAck / 1e6, caughtUpUnderLoad,
                CATCH_UP_UNDER_LOAD.toSeconds(), caughtUp / 1e6, leaderAppliedAtKill, againAppliedAtKill,
                newRaftLeader, raftFailover / 1e6, electionFailover / 1e6, ackAfterKill / 1e6,
                caughtUpAfterKill / 1e6, checked.summary());

        checked.assertAllZero();
        assertThat(run.countAfter(againId, "ACK", leaderKill)).as("the restarted member writes after the leader's kill")
                .isGreaterThanOrEqualTo(ACKS);
    }

    private static long[] applied(String line) {
        String[] words = line.split(" ");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[words.length - 1])};
    }

    /** @return the last applied (commit) index {@code node} printed before {@code nanos}, or -1 */
    private static long lastApplied(NodeProcess node, long nanos) {
        return node.lines().stream().filter(l -> l.startsWith("APPLIED ")).map(CoordinatorRestartTest::applied)
                .filter(a -> a[1] < nanos).mapToLong(a -> a[0]).reduce((x, y) -> y).orElse(-1);
    }

    /** @return the first applied index {@code node} printed: what it had from its own log directory */
    private static long firstApplied(NodeProcess node) {
        return node.lines().stream().filter(l -> l.startsWith("APPLIED ")).map(CoordinatorRestartTest::applied)
                .mapToLong(a -> a[0]).findFirst().orElse(-1);
    }

    /** @return when {@code node} first printed an applied index of at least {@code index} */
    private static long firstAppliedAtLeast(NodeProcess node, long index) {
        return node.lines().stream().filter(l -> l.startsWith("APPLIED ")).map(CoordinatorRestartTest::applied)
                .filter(a -> a[0] >= index).mapToLong(a -> a[1]).findFirst().orElseThrow();
    }

    private static long firstLine(NodeProcess node, String kind) {
        String line = node.lines().stream().filter(l -> l.startsWith(kind + " ")).findFirst().orElseThrow();
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }
}
