package io.camelstable.benchmarks;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.counter.EmbeddedCounterManagerFactory;
import org.infinispan.counter.api.CounterConfiguration;
import org.infinispan.counter.api.CounterManager;
import org.infinispan.counter.api.CounterType;
import org.infinispan.counter.api.StrongCounter;
import org.infinispan.manager.EmbeddedCacheManager;
import org.jgroups.raft.blocks.RaftSyncCounter;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.ClusterNode;
import io.camelstable.infinispan.JGroupsStacks;
import io.camelstable.infinispan.RaftNode;
import io.camelstable.infinispan.TcpSettings;
import io.camelstable.infinispan.cache.CacheCoordinatorSettings;
import io.camelstable.infinispan.cache.InfinispanCoordinator;
import io.camelstable.infinispan.raft.RaftCoordinator;
import io.camelstable.infinispan.raft.RaftSettings;

/**
 * Coordinator latency against the raw primitives it is built on, in the same JVM and run, one caller issuing one
 * operation at a time, rounds alternating raw and coordinator so drift in the machine's load hits both. Strict
 * mode: two groups of three members on TCP 127.0.0.1 (one runs {@link RaftCoordinator}, the other plain
 * {@link RaftNode} counters), callers on the Raft leaders. Default mode: three Infinispan members on TCP running
 * {@link InfinispanCoordinator}, against a raw replicated cache ({@code replace}, {@code putIfAbsent} +
 * {@code remove}, keys with the same primary owner as the coordinator's) and a raw {@code StrongCounter} on the same
 * members (both counters called from each member in turn: in blocks of 200 operations, and alternating every
 * operation). Strict mode, per operation:
 * <ul>
 * <li>counter: {@code incrementCounter} against {@code RaftSyncCounter.incrementAndGet}</li>
 * <li>CAS: {@code compareAndSwap} on the version just written against {@code compareAndSet} on the value</li>
 * <li>lock: {@code acquireLock} + {@code releaseLock} (two commits) against two {@code compareAndSet} (two
 * commits: jgroups-raft has no lock, and two commits are the floor for acquire + release)</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar io.camelstable.benchmarks.CoordinationLatency [all|strict|default rounds ops
 * warmup]}.
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
        String mode = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        System.out.printf(Locale.ROOT, "# %d rounds x %d ops after %d warm-up ops, one caller, TCP loopback, load %s%n",
                rounds, ops, warmup, loadAverage());
        if (!"default".equals(mode)) {
            strict(rounds, ops, warmup);
        }
        if (!"strict".equals(mode)) {
            defaultMode(rounds, ops, warmup);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Strict mode on the Raft leader against raw jgroups-raft counters on another group's leader. */
    private static void strict(int rounds, int ops, int warmup) throws Exception {
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
            // a first commit in each group means it has elected a leader (each try waits for one, on timers)
            firstCommit(() -> coordinators.get(0).getCounter("ready").get(10, TimeUnit.SECONDS));
            firstCommit(() -> raw.get(0).counter("ready").get());
            Coordinator c = coordinators.stream().filter(RaftCoordinator::isRaftLeader).findFirst().orElseThrow();
            RaftNode r = raw.stream().filter(RaftNode::isLeader).findFirst().orElseThrow();
            RaftSyncCounter counter = r.counter("bench");
            RaftSyncCounter casCounter = r.counter("cas");
            long[] rawCas = {casCounter.get()};
            Operation rawCompareAndSet = i -> {
                if (!casCounter.compareAndSet(rawCas[0], rawCas[0] + 1)) {
                    throw new IllegalStateException("raw CAS lost: nobody else writes");
                }
                rawCas[0]++;
            };
            System.out.println("## strict mode (RaftCoordinator) against raw jgroups-raft (RaftSyncCounter), both on the Raft leader");
            compare("counter", rounds, ops, warmup, i -> counter.incrementAndGet(), increment(c));
            compare("CAS", rounds, ops, warmup, rawCompareAndSet, cas(c));
            compare("lock acquire+release", rounds, ops / 2, warmup / 2, i -> {
                rawCompareAndSet.run(i);
                rawCompareAndSet.run(i);
            }, lock(c));
        } finally {
            coordinators.forEach(RaftCoordinator::close);
            raw.forEach(RaftNode::close);
        }
    }

    /** Default mode on one member against the raw Infinispan primitives it uses, on the same three members. */
    private static void defaultMode(int rounds, int ops, int warmup) throws Exception {
        List<ClusterNode> nodes = new ArrayList<>();
        List<InfinispanCoordinator> coordinators = new ArrayList<>();
        try {
            List<Integer> ports = freePorts(3);
            for (int i = 0; i < 3; i++) {
                nodes.add(new ClusterNode(MEMBERS.get(i), tcp("bench-default", ports.get(i), ports)));
            }
            for (int i = 0; i < 3; i++) {
                coordinators.add(new InfinispanCoordinator(nodes.get(i), CacheCoordinatorSettings.of(MEMBERS.get(i))
                        .withLease(Duration.ofSeconds(10), Duration.ofMillis(100))));
            }
            EmbeddedCacheManager manager = nodes.get(0).cacheManager();
            Cache<String, String> rawCache = startOnAll(nodes, "bench-raw", ClusterNode.coordinationCache());
            // a counter lives on owners picked by its name, so the caller may or may not be one: each side calls
            // from all three members in turn, which gives both the same mix whatever the placement
            List<StrongCounter> rawCounters = new ArrayList<>();
            for (ClusterNode n : nodes) {
                CounterManager counters = EmbeddedCounterManagerFactory.asCounterManager(n.cacheManager());
                counters.defineCounter("bench-raw", CounterConfiguration.builder(CounterType.UNBOUNDED_STRONG)
                        .build());
                rawCounters.add(counters.getStrongCounter("bench-raw"));
            }
            Coordinator c = coordinators.get(0);
            // where a key's primary owner lives decides whether a write takes one round trip or two (caller →
            // primary → backups), so each raw key is picked with the same primary owner as the coordinator's entry
            Cache<String, String> stateCache = manager.getCache(InfinispanCoordinator.STATE_CACHE);
            Cache<String, String> lockCache = manager.getCache(InfinispanCoordinator.COORDINATION_CACHE);
            String lockKey = samePrimary(rawCache, "lock", primary(lockCache,
                    InfinispanCoordinator.lockEntryKey("bench-lock")));
            System.out.println("caller " + manager.getAddress() + "; lock's primary owner " + primary(rawCache, lockKey));
            System.out.println("## default mode (InfinispanCoordinator) against raw Infinispan on the same members");
            // one caller at a time, the caller moving to the next member every 200 operations
            compare("counter", rounds, ops, warmup, i -> await(rawCounters.get(i / 200 % 3).incrementAndGet()),
                    i -> await(coordinators.get(i / 200 % 3).incrementCounter("bench", 1)));
            // the worst case for the coordinator's guess of the current value: the caller changes every operation
            compare("counter, callers alternating", rounds, ops, warmup,
                    i -> await(rawCounters.get(i % 3).incrementAndGet()),
                    i -> await(coordinators.get(i % 3).incrementCounter("bench", 1)));
            // a write from the key's primary owner replicates to the two others at once; from another member it is
            // forwarded to the primary first: both placements, each against a raw key with the same primary owner
            for (boolean callerIsPrimary : new boolean[] {false, true}) {
                String key = stateKey(stateCache, manager.getAddress(), callerIsPrimary);
                compare(callerIsPrimary ? "CAS, caller is primary" : "CAS, primary elsewhere", rounds, ops, warmup,
                        rawReplace(rawCache, samePrimary(rawCache, "raw-" + key, primary(stateCache, key))),
                        cas(c, key));
            }
            compare("lock acquire+release", rounds, ops / 2, warmup / 2, i -> {
                if (rawCache.putIfAbsent(lockKey, "holder") != null || !rawCache.remove(lockKey, "holder")) {
                    throw new IllegalStateException("raw lock lost: nobody else writes");
                }
            }, lock(c));
        } finally {
            coordinators.forEach(InfinispanCoordinator::close);
            nodes.forEach(ClusterNode::close);
        }
    }

    /** Defines and starts the cache on every member (or it is not replicated); @return it on the first */
    private static Cache<String, String> startOnAll(List<ClusterNode> nodes, String name,
                                                    ConfigurationBuilder config) {
        for (ClusterNode n : nodes) {
            n.cacheManager().defineConfiguration(name, config.build());
            n.cacheManager().getCache(name);
        }
        return nodes.get(0).cacheManager().getCache(name);
    }

    /** @return the first state key {@code cas-n} whose primary owner is {@code caller} (or is not) */
    private static String stateKey(Cache<String, String> stateCache, Object caller, boolean callerIsPrimary) {
        for (int n = 0; n < 1000; n++) {
            if (primary(stateCache, "cas-" + n).equals(caller) == callerIsPrimary) {
                return "cas-" + n;
            }
        }
        throw new IllegalStateException("no state key placed as asked");
    }

    /** @return a raw {@code replace} of the key's value by its successor (nobody else writes it) */
    private static Operation rawReplace(Cache<String, String> cache, String key) {
        long[] version = {0};
        cache.put(key, "0");
        return i -> {
            if (!cache.replace(key, Long.toString(version[0]), Long.toString(version[0] + 1))) {
                throw new IllegalStateException("raw replace lost: nobody else writes");
            }
            version[0]++;
        };
    }

    /** @return {@code base}, or the first {@code base-n} whose primary owner is {@code owner} */
    private static String samePrimary(Cache<String, String> cache, String base, Object owner) {
        for (int n = 0; n < 1000; n++) {
            String key = n == 0 ? base : base + "-" + n;
            if (primary(cache, key).equals(owner)) {
                return key;
            }
        }
        throw new IllegalStateException("no key owned by " + owner);
    }

    private static Object primary(Cache<String, String> cache, String key) {
        return cache.getAdvancedCache().getDistributionManager().getCacheTopology().getDistribution(key).primary();
    }

    /** Waits for one answer, at most 10 s: a lost answer fails the run instead of hanging it. */
    private static <T> T await(java.util.concurrent.CompletableFuture<T> answer) throws Exception {
        return answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static Operation increment(Coordinator c) {
        return i -> await(c.incrementCounter("bench", 1));
    }

    private static Operation cas(Coordinator c) {
        return cas(c, "cas");
    }

    private static Operation cas(Coordinator c, String key) {
        AtomicReference<Versioned<Object>> cas = new AtomicReference<>(c.setState(key, 0L, null).join());
        return i -> {
            Versioned<Object> current = cas.get();
            CasResult result = await(c.compareAndSwap(key, current.version(), (Long) current.value() + 1));
            if (!result.swapped()) {
                throw new IllegalStateException("CAS lost: nobody else writes");
            }
            cas.set(result.current());
        };
    }

    private static Operation lock(Coordinator c) {
        LockOptions lease = LockOptions.lease(Duration.ofSeconds(10));
        return i -> {
            LockResult held = await(c.acquireLock("bench-lock", lease));
            await(c.releaseLock(held.handle()));
        };
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
                "%-30s raw median %6.1f us (p99 %6.1f) | coordinator median %6.1f us (p99 %6.1f) | ratio %.2f "
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

    /** Runs a group's first commit, trying again while it has no leader (each try waits up to its timeout). */
    private static void firstCommit(java.util.concurrent.Callable<?> commit) throws Exception {
        for (int tries = 1;; tries++) {
            try {
                commit.call();
                return;
            } catch (Exception noLeaderYet) {
                if (tries == 15) {
                    throw noLeaderYet;
                }
            }
        }
    }
}
