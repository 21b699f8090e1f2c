package io.camelstable.benchmarks;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.jgroups.raft.blocks.RaftSyncCounter;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.JGroupsStacks;
import io.camelstable.infinispan.RaftNode;
import io.camelstable.infinispan.TcpSettings;
import io.camelstable.infinispan.raft.RaftCoordinator;
import io.camelstable.infinispan.raft.RaftSettings;

/**
 * Strict-mode coordinator latency against the raw jgroups-raft primitive it is built on, in the same JVM and
 * run: two groups of three members on TCP 127.0.0.1 (one runs {@link RaftCoordinator}, the other plain
 * {@link RaftNode} counters), one caller on the Raft leader issuing one operation at a time. Rounds alternate
 * raw and coordinator so drift in the machine's load hits both. Per operation:
 * <ul>
 * <li>counter: {@code incrementCounter} against {@code RaftSyncCounter.incrementAndGet}</li>
 * <li>CAS: {@code compareAndSwap} on the version just written against {@code compareAndSet} on the value</li>
 * <li>lock: {@code acquireLock} + {@code releaseLock} (two commits) against two {@code compareAndSet} (two
 * commits: jgroups-raft has no lock, and two commits are the floor for acquire + release)</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar io.camelstable.benchmarks.CoordinationLatency [rounds ops warmup]}.
 */
public final class CoordinationLatency {

    private static final List<String> MEMBERS = List.of("m1", "m2", "m3");

    /** One measured operation. */
    @FunctionalInterface
    private interface Operation {
        void run(int i) throws Exception;
    }

    private CoordinationLatency() {
    }

    /**
     * @param  args      rounds (default 5), operations per round (2000), warm-up operations (3000)
     * @throws Exception when a group cannot start
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        List<RaftCoordinator> coordinators = new ArrayList<>();
        List<RaftNode> raw = new ArrayList<>();
        try {
            List<Integer> ports = freePorts(6);
            for (int i = 0; i < 3; i++) {
                coordinators.add(new RaftCoordinator(RaftSettings.of("bench-coordinator", MEMBERS.get(i), MEMBERS)
                        .withLease(Duration.ofSeconds(10), Duration.ofMillis(100)), JGroupsStacks.tcp(
                        tcp("bench-coordinator", ports.get(i), ports.subList(0, 3)))));
                raw.add(new RaftNode("bench-raw", MEMBERS.get(i), MEMBERS,
                        JGroupsStacks.tcp(tcp("bench-raw", ports.get(3 + i), ports.subList(3, 6)))));
            }
            waitFor(() -> coordinators.stream().anyMatch(RaftCoordinator::isRaftLeader)
                    && raw.stream().anyMatch(RaftNode::isLeader));
            Coordinator c = coordinators.stream().filter(RaftCoordinator::isRaftLeader).findFirst().orElseThrow();
            RaftNode r = raw.stream().filter(RaftNode::isLeader).findFirst().orElseThrow();
            RaftSyncCounter counter = r.counter("bench");
            RaftSyncCounter casCounter = r.counter("cas");
            LockOptions lock = LockOptions.lease(Duration.ofSeconds(10));
            AtomicReference<Versioned<Object>> cas = new AtomicReference<>(c.setState("cas", 0L, null).join());
            long[] rawCas = {casCounter.get()};

            Operation rawIncrement = i -> counter.incrementAndGet();
            Operation coordinatorIncrement = i -> c.incrementCounter("bench", 1).join();
            Operation rawCompareAndSet = i -> {
                if (!casCounter.compareAndSet(rawCas[0], rawCas[0] + 1)) {
                    throw new IllegalStateException("raw CAS lost: nobody else writes");
                }
                rawCas[0]++;
            };
            Operation coordinatorCas = i -> {
                Versioned<Object> current = cas.get();
                CasResult result = c.compareAndSwap("cas", current.version(), (Long) current.value() + 1).join();
                if (!result.swapped()) {
                    throw new IllegalStateException("CAS lost: nobody else writes");
                }
                cas.set(result.current());
            };
            Operation rawTwoCommits = i -> {
                rawCompareAndSet.run(i);
                rawCompareAndSet.run(i);
            };
            Operation coordinatorLock = i -> {
                LockResult held = c.acquireLock("bench-lock", lock).join();
                c.releaseLock(held.handle()).join();
            };

            System.out.printf(Locale.ROOT, "# %d rounds x %d ops after %d warm-up ops, leader-side caller, TCP loopback%n",
                    rounds, ops, warmup);
            compare("counter", rounds, ops, warmup, rawIncrement, coordinatorIncrement);
            compare("CAS", rounds, ops, warmup, rawCompareAndSet, coordinatorCas);
            compare("lock acquire+release", rounds, ops / 2, warmup / 2, rawTwoCommits, coordinatorLock);
        } finally {
            coordinators.forEach(RaftCoordinator::close);
            raw.forEach(RaftNode::close);
        }
    }

    private static void compare(String name, int rounds, int ops, int warmup, Operation raw, Operation ours)
            throws Exception {
        measure(raw, warmup);
        measure(ours, warmup);
        double[] rawMedians = new double[rounds];
        double[] ourMedians = new double[rounds];
        double[] rawP99 = new double[rounds];
        double[] ourP99 = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            // alternate which goes first, so a change in the machine's load hits both sides alike
            long[] a = round % 2 == 0 ? measure(raw, ops) : null;
            long[] b = measure(ours, ops);
            if (a == null) {
                a = measure(raw, ops);
            }
            rawMedians[round] = percentile(a, 50);
            ourMedians[round] = percentile(b, 50);
            rawP99[round] = percentile(a, 99);
            ourP99[round] = percentile(b, 99);
        }
        double raw50 = median(rawMedians);
        double our50 = median(ourMedians);
        System.out.printf(Locale.ROOT,
                "%-22s raw median %6.1f us (p99 %6.1f) | coordinator median %6.1f us (p99 %6.1f) | ratio %.2f "
                        + "(per round %s)%n",
                name, raw50, median(rawP99), our50, median(ourP99), our50 / raw50, ratios(rawMedians, ourMedians));
    }

    private static long[] measure(Operation op, int count) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            op.run(i);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1000.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String ratios(double[] raw, double[] ours) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < raw.length; i++) {
            s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", ours[i] / raw[i]));
        }
        return s.toString();
    }

    private static TcpSettings tcp(String cluster, int port, List<Integer> ports) {
        return new TcpSettings(TcpSettings.LOOPBACK, port, ports.stream().map(p -> "127.0.0.1[" + p + "]").toList(),
                cluster, null);
    }

    /** Ports the OS hands out on 127.0.0.1 now (held together, so they are distinct). */
    private static List<Integer> freePorts(int count) throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** Waits for the groups to elect, polling every 50 ms for at most 30 s (a benchmark, not the engine). */
    private static void waitFor(java.util.function.BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no Raft leader within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
