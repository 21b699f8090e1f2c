package io.camelstable.infinispan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jgroups.raft.blocks.RaftSyncCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three raft members in one JVM elect one leader, and increments from every member are each committed once:
 * the values handed out (candidate fencing tokens) are all distinct, and every member applies all of them.
 */
class RaftCounterTest {

    private static final List<String> MEMBERS = List.of("r1", "r2", "r3");
    private static final int PER_MEMBER = 200;
    private final List<RaftNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RaftNode::close);
    }

    @Test
    void oneLeaderAndEveryIncrementOnce() throws Exception {
        for (String id : MEMBERS) {
            nodes.add(new RaftNode("raft-counter", id, MEMBERS));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(RaftNode::hasLeader));
        assertThat(nodes.stream().filter(RaftNode::isLeader)).hasSize(1);
        assertThat(nodes.get(0).term()).isPositive();

        Set<Long> tokens = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(MEMBERS.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (RaftNode node : nodes) {
                RaftSyncCounter counter = node.counter("fencing");
                done.add(writers.submit(() -> {
                    for (int i = 0; i < PER_MEMBER; i++) {
                        assertThat(tokens.add(counter.incrementAndGet())).as("a token handed out twice").isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(tokens).hasSize(MEMBERS.size() * PER_MEMBER);
        // every member applies every committed increment (a follower's local copy may lag the commit briefly)
        for (RaftNode node : nodes) {
            RaftSyncCounter counter = node.counter("fencing");
            await().atMost(Duration.ofSeconds(30)).until(() -> counter.getLocal() == MEMBERS.size() * PER_MEMBER);
        }
    }

    @Test
    void whenTheLeaderLeavesTheMajorityElectsAnotherWithAHigherTerm() throws Exception {
        for (String id : MEMBERS) {
            nodes.add(new RaftNode("raft-failover", id, MEMBERS));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(RaftNode::hasLeader));
        RaftNode leader = nodes.stream().filter(RaftNode::isLeader).findFirst().orElseThrow();
        long oldTerm = leader.term();
        long before = leader.counter("epochs").incrementAndGet();

        long start = System.nanoTime();
        leader.close();
        nodes.remove(leader);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().anyMatch(RaftNode::isLeader));
        System.out.printf("raft failover in one JVM: %.0f ms%n", (System.nanoTime() - start) / 1e6);

        RaftNode next = nodes.stream().filter(RaftNode::isLeader).findFirst().orElseThrow();
        assertThat(next.term()).as("a new leader's term is its epoch: higher").isGreaterThan(oldTerm);
        assertThat(next.counter("epochs").incrementAndGet()).as("committed state survives the leader").isEqualTo(before + 1);
    }
}
