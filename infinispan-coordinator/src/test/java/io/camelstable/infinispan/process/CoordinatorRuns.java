package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the coordinator failure tests of both modes share: three {@link CoordinatorNode} processes in one mode under
 * load, the member whose loss is a failover (the Raft leader in strict mode, the first member of the Infinispan view
 * in default mode), a lock holder, and the checked figures of a run. Closing it kills every node still running.
 */
final class CoordinatorRuns implements AutoCloseable {

    /** A coordinator mode, and the lines by which a node says it holds, or no longer holds, the cluster's role. */
    enum Mode {
        /** {@code RaftCoordinator}: the role is Raft leadership. */
        STRICT("strict", "RAFTLEADER", "RAFTFOLLOWER"),
        /** {@code InfinispanCoordinator}: the role is being the view's first member (the cluster's coordinator). */
        DEFAULT("default", "VIEWCOORD", "VIEWMEMBER");

        final String arg;
        final String up;
        final String down;

        Mode(String arg, String up, String down) {
            this.arg = arg;
            this.up = up;
            this.down = down;
        }
    }

    /** A node holding the lock with auto-renewal, and the fencing token it holds it with. */
    record Holder(NodeProcess node, long token) {
    }

    private final Mode mode;
    private final List<String> load;
    private final int acks;
    private final Function<String, List<String>> perNode;
    private ThreeRaftNodes cluster;

    /**
     * @param mode the coordinator the nodes run
     * @param load the nodes' load arguments (bounds, timeouts)
     * @param acks how many writes each node acknowledges before a failure is caused, and after it
     */
    CoordinatorRuns(Mode mode, List<String> load, int acks) {
        this(mode, load, acks, id -> List.of());
    }

    /** @param perNode arguments of one node only, by its id (its own log directory, for example) */
    CoordinatorRuns(Mode mode, List<String> load, int acks, Function<String, List<String>> perNode) {
        this.mode = mode;
        this.acks = acks;
        this.perNode = perNode;
        this.load = new ArrayList<>(load);
        this.load.add("mode=" + mode.arg);
    }

    ThreeRaftNodes cluster() {
        return cluster;
    }

    /** @return the live node that holds the mode's role (Raft leader, view coordinator), waiting for one */
    NodeProcess roleHolder() {
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(mode.up, mode.down) != null);
        return cluster.leader(mode.up, mode.down);
    }

    /**
     * Starts the cluster and its load so that the role holder campaigns first and leads the election too: killing
     * it ends both at once.
     *
     * @return the node that holds the role and leads the election
     */
    NodeProcess loadWithOneLeader(String name) {
        cluster = new ThreeRaftNodes(name, CoordinatorNode.class, load, perNode);
        NodeProcess leader = roleHolder();
        cluster.load(List.of(leader), acks);
        await().atMost(Duration.ofSeconds(20)).until(() -> leader.printed("LEADER "));
        cluster.load(cluster.others(leader), acks);
        return leader;
    }

    /**
     * Starts the cluster under load and has a node that does not hold the role take the lock and keep it: what its
     * loss measures is the lock's lease, not a failover of the cluster.
     */
    Holder loadWithAHolder(String name) {
        cluster = new ThreeRaftNodes(name, CoordinatorNode.class, load, perNode);
        cluster.load(cluster.all(), acks);
        NodeProcess holder = cluster.others(roleHolder()).get(0);
        holder.send("HOLD");
        await().atMost(Duration.ofSeconds(20)).until(() -> holder.printed("HOLDING"));
        String holding = holder.lines().stream().filter(l -> l.startsWith("HOLDING")).findFirst().orElseThrow();
        return new Holder(holder, Long.parseLong(holding.split(" ")[1]));
    }

    /** @return whether {@code node} has acknowledged {@code count} writes after {@code nanos} */
    boolean ackedAfter(NodeProcess node, long nanos, int count) {
        return cluster.checker().countAfter(ThreeRaftNodes.id(node), "ACK", nanos) >= count;
    }

    /** Waits (at most 30 s, failing then) until every survivor has acknowledged writes after {@code nanos}. */
    void awaitWriting(List<NodeProcess> survivors, long nanos) {
        await().atMost(Duration.ofSeconds(30)).until(() -> survivors.stream().allMatch(n -> ackedAfter(n, nanos, acks)));
    }

    /**
     * Gives every survivor up to {@code atMost} to acknowledge writes after {@code nanos}, without failing: where a
     * mode does not promise it, it is measured, not asserted.
     */
    void awaitWritingAtMost(List<NodeProcess> survivors, long nanos, Duration atMost) {
        awaitAtMost(atMost, () -> survivors.stream().allMatch(n -> ackedAfter(n, nanos, acks)));
    }

    /** @return whether {@code condition} held within {@code atMost} (polled as Awaitility does) */
    static boolean awaitAtMost(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Stops the survivors, reads the final values, gives acknowledged messages {@code deliveryWait} to reach every
     * survivor (redelivery is every 500 ms), and checks the run. {@code killed} (or null) stopped leading when it
     * was killed, at {@code kill}.
     */
    CheckedRun finish(List<NodeProcess> survivors, NodeProcess killed, long kill, Duration deliveryWait) {
        return finish(survivors, killed, kill, deliveryWait, killed == null ? 0 : 1);
    }

    /**
     * As {@link #finish(List, NodeProcess, long, Duration)}, after {@code kills} kills in all (each may have left
     * one call in flight, applied or not); only {@code killed}'s leadership ends at {@code kill}.
     */
    CheckedRun finish(List<NodeProcess> survivors, NodeProcess killed, long kill, Duration deliveryWait, int kills) {
        NodeProcess reader = cluster.stopAndAskFinal(survivors);
        long counter = ThreeRaftNodes.finalOf(reader, "counter");
        long version = ThreeRaftNodes.finalOf(reader, "cas");
        // the checker uses the first survivor's reading; the others' show whether all members agree on it
        survivors.stream().filter(n -> n != reader).forEach(n -> n.send("FINAL"));
        System.out.println("FINAL counter read on each survivor: " + survivors.stream()
                .map(n -> ThreeRaftNodes.id(n) + "=" + ThreeRaftNodes.finalOf(n, "counter")).toList());
        // what never arrived is counted below
        awaitAtMost(deliveryWait, () -> survivors.stream().allMatch(n -> cluster.checker().undelivered(ThreeRaftNodes.id(n)) == 0));
        long end = System.nanoTime();
        RunChecker run = killed == null ? cluster.checker() : cluster.checker().killedAt(ThreeRaftNodes.id(killed), kill);
        long undelivered = survivors.stream().mapToLong(n -> run.undelivered(ThreeRaftNodes.id(n))).sum();
        return new CheckedRun(run, counter, version, undelivered, end, kills);
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
