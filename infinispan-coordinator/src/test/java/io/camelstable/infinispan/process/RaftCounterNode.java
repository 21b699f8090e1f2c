package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.blocks.RaftSyncCounter;

import io.camelstable.infinispan.RaftNode;

/**
 * A node main: one raft member on TCP that, once told {@code START}, increments a shared raft counter in a loop
 * bounded by {@code maxOps} and {@code maxSeconds}, and reports on stdout:
 * <ul>
 * <li>{@code READY <id> <nanos>}, {@code LEADER <id> <term> <nanos>}, {@code STEPDOWN <id> <term> <nanos>},
 * {@code SEES <id> <leader> <term> <nanos>} (the leader this member knows changed);</li>
 * <li>{@code ACK counter <value> <nanos>} per acknowledged increment, {@code FAIL counter <error> <nanos>} per
 * increment that timed out or failed (it may still have been applied);</li>
 * <li>{@code STOPPED <id> <acked> <failed>}, {@code FINAL counter <value> <nanos>}.</li>
 * </ul>
 * Commands on stdin: {@code START}, {@code STOP}, {@code FINAL}, {@code DISCARD on|off}, {@code EXIT}.
 */
public final class RaftCounterNode {

    private static final long NO_LEADER_RETRY_MILLIS = 50;
    private final RaftSyncCounter counter;
    private final ScheduledExecutorService load = NodeIo.scheduler("load");
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final NodeIo.Start limits;
    private volatile long deadline;

    private RaftCounterNode(RaftSyncCounter counter, NodeIo.Start limits) {
        this.counter = counter;
        this.limits = limits;
    }

    /**
     * @param  args      {@code id=}, {@code members=a,b,c}, {@code bindPort=}, {@code initialMembers=},
     *                   {@code clusterName=}, and optionally {@code maxOps=}, {@code maxSeconds=}, {@code pauseMillis=},
     *                   {@code timeoutMillis=}, {@code backoffMillis=}, {@code lifetimeSeconds=}
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        NodeIo.Start s = NodeIo.start(args);
        String id = s.id();
        RaftNode node = NodeIo.orExit(() -> new RaftNode(s.args().get("clusterName"), id, s.members(),
                NodeIo.tcpWith(s.discard(), NodeIo.tcp(s.args()))));
        node.requestTimeout(s.timeout());
        reportRoles(id, node);
        // the counter is created by a commit, so only once a leader is known; retried for at most 30 s
        NodeIo.retry(150, Duration.ofMillis(200), () -> node.counter("tokens"), counter -> {
            RaftCounterNode main = new RaftCounterNode(counter, s);
            NodeIo.commands(Map.of("START", w -> main.start(), "STOP", w -> main.stop(id), "FINAL", w -> main.reportFinal(),
                    "DISCARD", NodeIo.discardCommand(s.discard()), "EXIT", w -> {
                        node.close();
                        System.exit(0);
                    }));
            NodeIo.emit("READY", id, System.nanoTime());
        });
    }

    /** Reports this member's leadership and, polled every 10 ms, the leader it knows. */
    static void reportRoles(String id, RaftNode node) {
        AtomicReference<Role> role = new AtomicReference<>(Role.Follower);
        node.onRoleChange(next -> {
            Role before = role.getAndSet(next);
            if (next == Role.Leader && before != Role.Leader) {
                NodeIo.emit("LEADER", id, node.term(), System.nanoTime());
            } else if (before == Role.Leader && next != Role.Leader) {
                NodeIo.emit("STEPDOWN", id, node.term(), System.nanoTime());
            }
        });
        AtomicReference<String> seen = new AtomicReference<>("none");
        NodeIo.scheduler("sees").scheduleWithFixedDelay(() -> {
            String leader = String.valueOf(node.leader());
            if (!leader.equals(seen.getAndSet(leader))) {
                NodeIo.emit("SEES", id, leader, node.term(), System.nanoTime());
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    private void start() {
        if (running.compareAndSet(false, true)) {
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limits.maxSeconds());
            load.execute(this::step);
        }
    }

    // one increment per task; the next is scheduled, after a pause, or after a back-off when one failed
    private void step() {
        if (!running.get() || acked.get() + failed.get() >= limits.maxOps() || System.nanoTime() > deadline) {
            running.set(false);
            return;
        }
        try {
            long value = counter.incrementAndGet();
            acked.incrementAndGet();
            NodeIo.emit("ACK", "counter", value, System.nanoTime());
            load.schedule(this::step, limits.pauseMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            failed.incrementAndGet();
            String error = NodeIo.rootCause(e);
            NodeIo.emit("FAIL", "counter", error, System.nanoTime());
            // no leader known: a new one is being elected, ask again soon; a timeout: back off (DESIGN §9)
            load.schedule(this::step, error.equals("RaftLeaderException") ? NO_LEADER_RETRY_MILLIS : limits.backoffMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void stop(String id) {
        running.set(false);
        // runs after the step in progress: the counts are final then
        load.execute(() -> NodeIo.emit("STOPPED", id, acked.get(), failed.get()));
    }

    private void reportFinal() {
        load.execute(() -> {
            try {
                NodeIo.emit("FINAL", "counter", counter.get(), System.nanoTime());
            } catch (Exception e) {
                NodeIo.emit("FINALFAIL", "counter", e.getClass().getSimpleName());
            }
        });
    }
}
