package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jgroups.protocols.DISCARD;

import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.raft.RaftCoordinator;
import io.camelstable.infinispan.raft.RaftSettings;

/**
 * A node main: one strict-mode {@link RaftCoordinator} member on TCP. Once told {@code START} it campaigns in the
 * election {@value #ELECTION} and runs rounds (bounded by {@code maxOps} and {@code maxSeconds}) of: a counter
 * increment, a read-then-CAS on one shared key, a lock acquired and released at once, and an at-least-once publish
 * to a topic every node subscribes to. It reports on stdout, besides the lines of {@link RaftCounterNode}:
 * <ul>
 * <li>{@code ACK counter <value>}, {@code ACK cas <new version>}, {@code ACK token <fencing token>} and
 * {@code PUBACK <payload>} per acknowledged operation, {@code RECV <payload>} per delivery to this node's
 * subscriber, {@code FAIL <op> <error>} per failed call (each line ends with its nanoTime);</li>
 * <li>{@code LEADER <id> <epoch>} / {@code STEPDOWN <id> <epoch>} when this node's candidate starts or stops
 * leading the election (this node's own view: a cut-off leader steps down before its lease ends in the log),
 * {@code RAFTLEADER <id> <term>} / {@code RAFTFOLLOWER <id> <term>} when this member gains or loses Raft
 * leadership;</li>
 * <li>{@code HOLDING <token>} after {@code HOLD}: the node takes the lock and keeps renewing it until killed;</li>
 * <li>{@code STOPPED <id> <rounds>}, {@code FINAL counter <value>}, {@code FINAL cas <version>}.</li>
 * </ul>
 * Commands: {@code START}, {@code HOLD}, {@code STOP}, {@code FINAL}, {@code DISCARD on|off}, {@code EXIT}.
 */
public final class CoordinatorNode {

    static final String ELECTION = "leader";
    private static final String KEY = "shared";
    private static final String LOCK = "lock";
    private static final String TOPIC = "events";
    private static final String COUNTER = "ops";

    private final RaftCoordinator coordinator;
    private final String id;
    private final ScheduledExecutorService load = NodeIo.scheduler("load");
    private final NodeIo.Start limits;
    // only touched on the load thread
    private long deadline;
    private long rounds;
    private boolean running;
    private boolean inFlight;
    private boolean stopAsked;
    private boolean holdAsked;
    private boolean stopReported;
    private LockHandle held;

    private CoordinatorNode(RaftCoordinator coordinator, NodeIo.Start limits) {
        this.coordinator = coordinator;
        this.id = coordinator.nodeId();
        this.limits = limits;
    }

    /**
     * @param  args      as {@link RaftCounterNode}'s
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        NodeIo.Start s = NodeIo.start(args);
        String id = s.id();
        Map<String, String> a = s.args();
        List<String> members = s.members();
        DISCARD discard = s.discard();
        Duration timeout = s.timeout();
        DeliverySettings delivery = new DeliverySettings(50, Duration.ofMillis(500), 20_000, Duration.ofMinutes(5),
                1_000, Duration.ofMinutes(5));
        RaftSettings base = RaftSettings.of(a.get("clusterName"), id, members).withDelivery(delivery);
        RaftSettings settings = new RaftSettings(base.group(), id, members, timeout, base.leaderLease(),
                base.safetyMargin(), base.delivery(), null);
        RaftCoordinator coordinator = NodeIo.orExit(() -> new RaftCoordinator(settings,
                NodeIo.tcpWith(discard, NodeIo.tcp(a))));
        reportRaftRole(coordinator);
        coordinator.onLeadershipChange(ELECTION, event -> {
            if (event.leaderId().equals(id)) {
                NodeIo.emit(event.type() == LeadershipEvent.Type.ELECTED ? "LEADER" : "STEPDOWN", id, event.epoch(),
                        System.nanoTime());
            }
        });
        CoordinatorNode node = new CoordinatorNode(coordinator, s);
        // subscribing is a commit, so it waits for a Raft leader; retried for at most 30 s
        NodeIo.retry(150, Duration.ofMillis(200), () -> coordinator.subscribe(TOPIC, id, (message, ack) -> {
            NodeIo.emit("RECV", message.payload(), System.nanoTime());
            ack.acknowledge();
        }).get(5, TimeUnit.SECONDS), subscription -> {
            NodeIo.commands(Map.of("START", w -> node.load.execute(node::start), "HOLD", w -> node.load.execute(() -> node.holdAsked = true),
                    "STOP", w -> node.load.execute(node::stop), "FINAL", w -> node.reportFinal(),
                    "DISCARD", NodeIo.discardCommand(discard), "EXIT", w -> {
                        coordinator.close();
                        System.exit(0);
                    }));
            NodeIo.emit("READY", id, System.nanoTime());
        });
    }

    private static void reportRaftRole(RaftCoordinator coordinator) {
        boolean[] leading = {false};
        NodeIo.scheduler("raft-role").scheduleWithFixedDelay(() -> {
            boolean now = coordinator.isRaftLeader();
            if (now != leading[0]) {
                leading[0] = now;
                NodeIo.emit(now ? "RAFTLEADER" : "RAFTFOLLOWER", coordinator.nodeId(), coordinator.raftTerm(),
                        System.nanoTime());
            }
        }, 0, 5, TimeUnit.MILLISECONDS);
    }

    private void start() {
        if (!running) {
            running = true;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limits.maxSeconds());
            coordinator.campaign(ELECTION, id).whenComplete((l, e) -> {
                if (e != null) {
                    NodeIo.emit("FAIL", "campaign", NodeIo.rootCause(e), System.nanoTime());
                }
            });
            round();
        }
    }

    private void round() {
        if (stopAsked || !running || rounds >= limits.maxOps() || System.nanoTime() > deadline) {
            running = false;
            if (stopAsked) {
                reportStopped();
            }
            return;
        }
        long seq = ++rounds;
        inFlight = true;
        op("counter", () -> coordinator.incrementCounter(COUNTER, 1)
                .thenAccept(v -> NodeIo.emit("ACK", "counter", v, System.nanoTime())))
                .thenCompose(x -> op("cas", this::cas))
                .thenCompose(x -> op("lock", this::lock))
                .thenCompose(x -> op("publish", () -> publish(seq)))
                .whenCompleteAsync((x, e) -> {
                    inFlight = false;
                    load.schedule(this::round, e == null ? limits.pauseMillis() : limits.backoffMillis(), TimeUnit.MILLISECONDS);
                }, load);
    }

    private static CompletableFuture<Void> op(String name, Supplier<CompletableFuture<Void>> call) {
        return call.get().whenComplete((x, e) -> {
            if (e != null) {
                NodeIo.emit("FAIL", name, NodeIo.rootCause(e), System.nanoTime());
            }
        });
    }

    // two CAS acknowledged for one expected version would show as two ACKs of one new version
    private CompletableFuture<Void> cas() {
        return coordinator.getState(KEY).thenCompose(current -> {
            long expected = current.map(Versioned::version).orElse(0L);
            return coordinator.compareAndSwap(KEY, expected, id + ":" + expected);
        }).thenAccept(result -> {
            if (result.swapped()) {
                NodeIo.emit("ACK", "cas", result.current().version(), System.nanoTime());
            }
        });
    }

    private CompletableFuture<Void> lock() {
        if (held != null) {
            return CompletableFuture.completedFuture(null);
        }
        boolean hold = holdAsked;
        LockOptions options = new LockOptions(Duration.ofSeconds(1), Duration.ZERO, hold);
        return coordinator.acquireLock(LOCK, options).thenCompose(result -> {
            if (!result.acquired()) {
                return CompletableFuture.completedFuture(null); // held by another node: try again next round
            }
            LockHandle handle = result.handle();
            NodeIo.emit("ACK", "token", handle.fencingToken(), System.nanoTime());
            if (hold) {
                held = handle;
                NodeIo.emit("HOLDING", handle.fencingToken(), System.nanoTime());
                return CompletableFuture.completedFuture(null);
            }
            return coordinator.releaseLock(handle).thenAccept(released -> { });
        });
    }

    private CompletableFuture<Void> publish(long seq) {
        String payload = id + "-" + seq;
        return coordinator.publish(TOPIC, payload, PublishOptions.of(Delivery.AT_LEAST_ONCE))
                .thenAccept(r -> NodeIo.emit("PUBACK", payload, System.nanoTime()));
    }

    private void stop() {
        stopAsked = true;
        if (!inFlight) {
            reportStopped();
        }
    }

    private void reportStopped() {
        if (!stopReported) {
            stopReported = true;
            NodeIo.emit("STOPPED", id, rounds);
        }
    }

    private void reportFinal() {
        coordinator.getCounter(COUNTER).thenCombine(coordinator.getState(KEY), (counter, state) -> {
            NodeIo.emit("FINAL", "counter", counter, System.nanoTime());
            NodeIo.emit("FINAL", "cas", state.map(Versioned::version).orElse(0L), System.nanoTime());
            return null;
        }).exceptionally(e -> {
            NodeIo.emit("FINALFAIL", NodeIo.rootCause(e));
            return null;
        });
    }
}
