package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;
import org.jgroups.protocols.raft.RAFT;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.ClusterNode;
import io.camelstable.infinispan.cache.CacheCoordinatorSettings;
import io.camelstable.infinispan.cache.InfinispanCoordinator;
import io.camelstable.infinispan.raft.RaftCoordinator;
import io.camelstable.infinispan.raft.RaftSettings;

/**
 * A node main: one coordinator member on TCP, in strict mode (a {@link RaftCoordinator}, {@code mode=strict}, the
 * default) or in default mode (an {@link InfinispanCoordinator} on a {@link ClusterNode}, {@code mode=default}). Once told {@code START} it campaigns in the
 * election {@value #ELECTION} and runs rounds (bounded by {@code maxOps} and {@code maxSeconds}) of: a counter
 * increment, a read-then-CAS on one shared key, a lock acquired and released at once, and an at-least-once publish
 * to a topic every node subscribes to. It reports on stdout, besides the lines of {@link RaftCounterNode}:
 * <ul>
 * <li>{@code ACK counter <value>}, {@code ACK cas <new version> <expected version>}, {@code ACK token <fencing token>} and
 * {@code PUBACK <payload>} per acknowledged operation, {@code RECV <payload>} per delivery to this node's
 * subscriber, {@code FAIL <op> <error>} per failed call or call not answered within {@code guardMillis} (default
 * 5,000; each line ends with its nanoTime). A round ends at its first failure, after which the node backs off;
 * with {@code keepGoing=true} it still tries the round's other operations first;</li>
 * <li>{@code LEADER <id> <epoch>} / {@code STEPDOWN <id> <epoch>} when this node's candidate starts or stops
 * leading the election (this node's own view: a cut-off leader steps down before its lease ends in the log),
 * {@code RAFTLEADER <id> <term>} / {@code RAFTFOLLOWER <id> <term>} when this member gains or loses Raft
 * leadership (strict mode), {@code VIEWCOORD <id> <members>} / {@code VIEWMEMBER <id> <members>} when it becomes or
 * stops being the first member of the Infinispan view, the cluster's coordinator, and {@code PRIMARY <id> <entries>}
 * when the entries it is the primary owner of change (default mode);</li>
 * <li>{@code APPLIED <commit index> <last appended> <first appended>} every {@code appliedMillis} (strict mode, off
 * unless given) when they changed: how far a restarted member has caught up;</li>
 * <li>{@code HOLDING <token>} after {@code HOLD}: the node takes the lock and keeps renewing it until killed;</li>
 * <li>{@code STOPPED <id> <rounds>}, {@code FINAL counter <value>}, {@code FINAL cas <version>}.</li>
 * </ul>
 * Commands: {@code START}, {@code HOLD}, {@code STOP}, {@code FINAL}, {@code DISCARD on|off} (strict mode only),
 * {@code EXIT}.
 */
public final class CoordinatorNode {

    static final String ELECTION = "leader";
    private static final String KEY = "shared";
    private static final String LOCK = "lock";
    private static final String TOPIC = "events";
    private static final String COUNTER = "ops";

    private final Coordinator coordinator;
    private final String id;
    private final ScheduledExecutorService load = NodeIo.scheduler("load");
    private final NodeIo.Start limits;
    private final long guardMillis;
    private final boolean keepGoing;
    // only touched on the load thread
    private long deadline;
    private long rounds;
    private boolean running;
    private boolean inFlight;
    private boolean stopAsked;
    private boolean holdAsked;
    private boolean stopReported;
    private LockHandle held;

    private CoordinatorNode(Coordinator coordinator, NodeIo.Start limits) {
        this.coordinator = coordinator;
        this.id = coordinator.nodeId();
        this.limits = limits;
        this.guardMillis = Long.parseLong(limits.args().getOrDefault("guardMillis", "5000"));
        this.keepGoing = Boolean.parseBoolean(limits.args().getOrDefault("keepGoing", "false"));
    }

    /**
     * @param  args      as {@link RaftCounterNode}'s, and {@code mode=strict} (the default) or {@code mode=default};
     *                   in strict mode optionally {@code logDir=} (a persistent Raft log, to restart in place) and
     *                   {@code appliedMillis=}
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        NodeIo.Start s = NodeIo.start(args);
        String id = s.id();
        DeliverySettings delivery = new DeliverySettings(50, Duration.ofMillis(500), 20_000, Duration.ofMinutes(5),
                1_000, Duration.ofMinutes(5));
        String mode = s.args().getOrDefault("mode", "strict");
        Member member = switch (mode) {
            case "strict" -> strict(s, delivery);
            case "default" -> defaultMode(s, delivery);
            default -> NodeIo.orExit(() -> {
                throw new IllegalArgumentException("Invalid node option mode=" + mode + ": must be strict or default");
            });
        };
        Coordinator coordinator = member.coordinator();
        coordinator.onLeadershipChange(ELECTION, event -> {
            if (event.leaderId().equals(id)) {
                NodeIo.emit(event.type() == LeadershipEvent.Type.ELECTED ? "LEADER" : "STEPDOWN", id, event.epoch(),
                        System.nanoTime());
            }
        });
        CoordinatorNode node = new CoordinatorNode(coordinator, s);
        Map<String, Consumer<String[]>> commands = new HashMap<>(Map.of("START", w -> node.load.execute(node::start),
                "HOLD", w -> node.load.execute(() -> node.holdAsked = true), "STOP", w -> node.load.execute(node::stop),
                "FINAL", w -> node.reportFinal(), "EXIT", w -> {
                    coordinator.close();
                    member.close();
                    System.exit(0);
                }));
        if (member.discards()) {
            commands.put("DISCARD", NodeIo.discardCommand(s.discard()));
        }
        // subscribing waits for a formed cluster (a Raft leader, or every member in the view); retried for at most 30 s
        NodeIo.retry(150, Duration.ofMillis(200), () -> {
            if (!member.formed().getAsBoolean()) {
                throw new IllegalStateException("cluster not formed yet");
            }
            return coordinator.subscribe(TOPIC, id, (message, ack) -> {
                NodeIo.emit("RECV", message.payload(), System.nanoTime());
                ack.acknowledge();
            }).get(5, TimeUnit.SECONDS);
        }, subscription -> {
            NodeIo.commands(commands);
            NodeIo.emit("READY", id, System.nanoTime());
        });
    }

    /**
     * A started coordinator with what else its mode runs.
     *
     * @param coordinator the coordinator the load runs on
     * @param node        what to close after it (the Infinispan node in default mode)
     * @param formed      whether the cluster is formed enough for the load to start
     * @param discards    whether the stack has the switchable DISCARD
     */
    private record Member(Coordinator coordinator, AutoCloseable node, BooleanSupplier formed, boolean discards) {
        void close() {
            try {
                node.close();
            } catch (Exception e) {
                NodeIo.emit("CLOSEFAIL", NodeIo.rootCause(e));
            }
        }
    }

    /** Strict mode: a {@link RaftCoordinator}, reporting its Raft role ({@code RAFTLEADER <id> <term>}). */
    private static Member strict(NodeIo.Start s, DeliverySettings delivery) {
        String id = s.id();
        RaftSettings base = RaftSettings.of(s.args().get("clusterName"), id, s.members()).withDelivery(delivery);
        RaftSettings settings = new RaftSettings(base.group(), id, s.members(), s.timeout(), base.leaderLease(),
                base.safetyMargin(), base.delivery(), s.args().get("logDir"));
        RaftCoordinator coordinator = NodeIo.orExit(() -> new RaftCoordinator(settings,
                NodeIo.tcpWith(s.discard(), NodeIo.tcp(s.args()))));
        reportRole("RAFTLEADER", "RAFTFOLLOWER", coordinator::isRaftLeader, () -> id + " " + coordinator.raftTerm());
        long appliedMillis = Long.parseLong(s.args().getOrDefault("appliedMillis", "0"));
        if (appliedMillis > 0) {
            reportApplied(coordinator, appliedMillis);
        }
        return new Member(coordinator, () -> { }, () -> true, true);
    }

    /**
     * Default mode: an {@link InfinispanCoordinator} on a TCP {@link ClusterNode}, reporting whether this member
     * is the first of the view, the cluster's coordinator ({@code VIEWCOORD <id> <members>}).
     */
    private static Member defaultMode(NodeIo.Start s, DeliverySettings delivery) {
        String id = s.id();
        ClusterNode node = NodeIo.orExit(() -> new ClusterNode(id, NodeIo.tcp(s.args())));
        InfinispanCoordinator coordinator = NodeIo.orExit(() -> new InfinispanCoordinator(node,
                CacheCoordinatorSettings.of(id).withDelivery(delivery)));
        reportRole("VIEWCOORD", "VIEWMEMBER", () -> node.members().indexOf(node.name()) == 0,
                () -> id + " " + String.join(",", node.members()));
        reportPrimaryOwnership(node);
        return new Member(coordinator, node, () -> node.members().size() >= s.members().size(), false);
    }

    /**
     * Prints {@code PRIMARY <id> <what>} whenever the set of loaded entries this member is the primary owner of
     * changes ({@code -} for none): DESIGN §9's duplicates came from a primary owner's kill. The keys are the
     * cache package's own (a lock's and an election's entries carry a prefix); counters live in Infinispan's
     * internal counter cache and are left out.
     */
    private static void reportPrimaryOwnership(ClusterNode node) {
        EmbeddedCacheManager manager = node.cacheManager();
        Map<String, Cache<String, String>> caches = Map.of("state", manager.getCache(InfinispanCoordinator.STATE_CACHE),
                "lock", manager.getCache(InfinispanCoordinator.COORDINATION_CACHE),
                "election", manager.getCache(InfinispanCoordinator.COORDINATION_CACHE));
        Map<String, String> keys = Map.of("state", KEY, "lock", "lock\u0000" + LOCK, "election", "leader\u0000" + ELECTION);
        String[] last = {""};
        NodeIo.scheduler("primary").scheduleWithFixedDelay(() -> {
            String owned = keys.keySet().stream().sorted().filter(what -> {
                var topology = caches.get(what).getAdvancedCache().getDistributionManager().getCacheTopology();
                return manager.getAddress().equals(topology.getDistribution(keys.get(what)).primary());
            }).collect(Collectors.joining(","));
            if (!owned.equals(last[0])) {
                last[0] = owned;
                NodeIo.emit("PRIMARY", node.name(), owned.isEmpty() ? "-" : owned, System.nanoTime());
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /**
     * Prints {@code APPLIED <commit index> <last appended> <first appended>} every {@code millis} when they changed.
     * jgroups-raft applies an entry as it moves its commit index past it, so the commit index is the applied index
     * ({@code RaftHandle.lastApplied()} is the last appended one).
     */
    private static void reportApplied(RaftCoordinator coordinator, long millis) {
        RAFT raft = coordinator.channel().getProtocolStack().findProtocol(RAFT.class);
        String[] last = {""};
        NodeIo.scheduler("applied").scheduleWithFixedDelay(() -> {
            try {
                String now = raft.commitIndex() + " " + raft.lastAppended() + " " + raft.log().firstAppended();
                if (!now.equals(last[0])) {
                    last[0] = now;
                    NodeIo.emit("APPLIED", now, System.nanoTime());
                }
            } catch (RuntimeException e) {
                NodeIo.emit("APPLIEDFAIL", e);
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** Polls this member's role every 5 ms and prints {@code up} or {@code down} with details when it changes. */
    private static void reportRole(String up, String down, BooleanSupplier holds, Supplier<String> details) {
        boolean[] holding = {false};
        NodeIo.scheduler("role").scheduleWithFixedDelay(() -> {
            boolean now = holds.getAsBoolean();
            if (now != holding[0]) {
                holding[0] = now;
                NodeIo.emit(now ? up : down, details.get(), System.nanoTime());
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
        AtomicBoolean failed = new AtomicBoolean();
        CompletableFuture<Void> done = op("counter", failed, () -> coordinator.incrementCounter(COUNTER, 1)
                .thenAccept(v -> NodeIo.emit("ACK", "counter", v, System.nanoTime())));
        done = next(done, "cas", failed, this::cas);
        done = next(done, "lock", failed, this::lock);
        done = next(done, "publish", failed, () -> publish(seq));
        done.whenCompleteAsync((x, e) -> {
            inFlight = false;
            load.schedule(this::round, failed.get() ? limits.backoffMillis() : limits.pauseMillis(), TimeUnit.MILLISECONDS);
        }, load);
    }

    // a round ends at its first failure; with keepGoing=true the next operation is tried anyway, so one kind of
    // operation that stalls does not hide whether the others still work
    private CompletableFuture<Void> next(CompletableFuture<Void> before, String name, AtomicBoolean failed,
            Supplier<CompletableFuture<Void>> call) {
        return (keepGoing ? before.exceptionally(e -> null) : before).thenCompose(x -> op(name, failed, call));
    }

    // the guard bounds a round when a mode has no request timeout of its own; a late answer is then not acknowledged
    private CompletableFuture<Void> op(String name, AtomicBoolean failed, Supplier<CompletableFuture<Void>> call) {
        return call.get().orTimeout(guardMillis, TimeUnit.MILLISECONDS).whenComplete((x, e) -> {
            if (e != null) {
                failed.set(true);
                NodeIo.emit("FAIL", name, NodeIo.rootCause(e), System.nanoTime());
            }
        });
    }

    // two CAS acknowledged for one expected version show as two ACKs with one base (new versions may differ)
    private CompletableFuture<Void> cas() {
        long[] expected = new long[1];
        return coordinator.getState(KEY).thenCompose(current -> {
            expected[0] = current.map(Versioned::version).orElse(0L);
            return coordinator.compareAndSwap(KEY, expected[0], id + ":" + expected[0]);
        }).thenAccept(result -> { // the last stage: a swap answered after the guard is not acknowledged
            if (result.swapped()) {
                NodeIo.emit("ACK", "cas", result.current().version(), expected[0], System.nanoTime());
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
