package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.CoordinatorStateContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Versioned state, CAS, counters and transactions across three default-mode members, and how its transactions
 * (Infinispan transactions with pessimistic locks) meet plain conditional writes.
 */
class CacheStateTest extends CoordinatorStateContract {

    private static CacheCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new CacheCluster("cache-state");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Override
    protected List<? extends Coordinator> nodes() {
        return cluster.nodes;
    }

    @Test
    void concurrentTransactionsAndPlainCasFromThreeNodesLoseNoUpdateAndKeepTwoKeysInStep() {
        cluster.node(0).executeTransaction(List.of(TxOperation.set("left", 0L), TxOperation.set("right", 0L))).join();
        List<CompletableFuture<Integer>> loops = new ArrayList<>();
        for (InfinispanCoordinator node : cluster.nodes) {
            loops.add(transactionLoop(node, 0, 20));
        }
        // a plain CAS writer on the same key: it must never overwrite a transaction's increment
        loops.add(casLoop(cluster.node(1), 0, 20));
        int applied = loops.stream().mapToInt(CompletableFuture::join).sum();
        long left = (Long) cluster.node(2).getState("left").join().orElseThrow().value();
        long right = (Long) cluster.node(2).getState("right").join().orElseThrow().value();
        int casSwaps = loops.get(3).join();
        assertThat(left).isEqualTo(applied);
        assertThat(right).as("only transactions touch right").isEqualTo(applied - casSwaps);
        assertThat(applied - casSwaps).as("every transaction commits or waits, none is lost").isEqualTo(60);
    }

    /** Increments both keys in one transaction; bounded in count. @return the number committed */
    private static CompletableFuture<Integer> transactionLoop(InfinispanCoordinator node, int committed, int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(committed);
        }
        return node.executeTransaction(List.of(TxOperation.increment("left", 1), TxOperation.increment("right", 1)))
                .thenCompose((TransactionResult r) -> transactionLoop(node, committed + (r.committed() ? 1 : 0),
                        left - 1));
    }

    /** Read, add one to left, CAS on the version read; bounded in tries. @return the number of swaps */
    private static CompletableFuture<Integer> casLoop(InfinispanCoordinator node, int swaps, int triesLeft) {
        if (triesLeft == 0) {
            return CompletableFuture.completedFuture(swaps);
        }
        return node.getState("left").thenCompose(v -> {
            Versioned<Object> current = v.orElseThrow();
            return node.compareAndSwap("left", current.version(), (Long) current.value() + 1)
                    .thenCompose(cas -> casLoop(node, swaps + (cas.swapped() ? 1 : 0), triesLeft - 1));
        });
    }

    @Test
    void aKeysVersionStrictlyIncreasesAcrossWritesTransactionsDeleteExpiryAndTheEndOfASpan() {
        InfinispanCoordinator a = cluster.node(0);
        InfinispanCoordinator b = cluster.node(1);
        List<Long> seen = new ArrayList<>();
        seen.add(a.setState("life", 1L, null).join().version());
        seen.add(b.compareAndSwap("life", seen.get(0), 2L).join().current().version());
        seen.add(a.setState("life", 3L, null).join().version());
        seen.add(b.executeTransaction(List.of(TxOperation.increment("life", 1))).join().results().get(0).version());
        assertThat(b.deleteState("life").join()).isTrue();
        seen.add(a.compareAndSwap("life", 0, 5L).join().current().version());
        seen.add(b.setState("life", 6L, Duration.ofMillis(200)).join().version());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.getState("life").join().isEmpty());
        seen.add(b.setState("life", 7L, null).join().version());
        // the last number of the current span, written directly: the next write must take a fresh base above it
        long last = seen.get(seen.size() - 1);
        long endOfSpan = (last / KeySequence.SPAN + 1) * KeySequence.SPAN - 1;
        cluster.members.get(0).cacheManager().<String, String>getCache(InfinispanCoordinator.STATE_CACHE)
                .put("life", EntryCodec.pack(8L, endOfSpan, 0L));
        seen.add(endOfSpan);
        seen.add(a.compareAndSwap("life", endOfSpan, 9L).join().current().version());
        seen.add(b.setState("life", 10L, null).join().version());
        System.out.println("versions of one key across its lives: " + seen);
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(seen.get(1)).as("an existing key's next version is one more").isEqualTo(seen.get(0) + 1);
        assertThat(seen.get(seen.size() - 2)).isGreaterThan(endOfSpan);
    }

    @Test
    void writersAndDeletersOnThreeNodesNeverGetOneVersionTwice() {
        Set<Long> versions = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Integer>> loops = new ArrayList<>();
        for (InfinispanCoordinator node : cluster.nodes) {
            loops.add(lifeLoop(node, versions, 0, 30));
        }
        int writes = loops.stream().mapToInt(CompletableFuture::join).sum();
        assertThat(writes).isEqualTo(90);
        assertThat(versions).as("every acknowledged write got its own version").hasSize(writes);
    }

    /** Writes the key, then deletes it or CASes a new life on absence; bounded in count. @return the writes */
    private static CompletableFuture<Integer> lifeLoop(InfinispanCoordinator node, Set<Long> versions, int writes,
                                                       int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(writes);
        }
        CompletableFuture<Long> written = left % 3 == 0
                ? node.deleteState("lives").thenCompose(x -> node.setState("lives", (long) left, null))
                        .thenApply(Versioned::version)
                : node.setState("lives", (long) left, null).thenApply(Versioned::version);
        return written.thenCompose(v -> {
            assertThat(versions.add(v)).as("version " + v + " acknowledged twice").isTrue();
            return lifeLoop(node, versions, writes + 1, left - 1);
        });
    }

    @Test
    void anIncrementInATransactionKeepsTheRemainingTtlAndASetDropsIt() {
        cluster.node(0).setState("visits", 1L, Duration.ofMillis(400)).join();
        cluster.node(0).setState("pinned", 1L, Duration.ofMillis(400)).join();
        TransactionResult result = cluster.node(1).executeTransaction(List.of(TxOperation.increment("visits", 1),
                TxOperation.set("pinned", 2L))).join();
        assertThat(result.committed()).isTrue();
        assertThat(cluster.node(2).getState("visits").join().orElseThrow().value()).isEqualTo(2L);
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.node(2).getState("visits").join().isEmpty());
        assertThat(cluster.node(2).getState("pinned").join().orElseThrow().value()).isEqualTo(2L);
    }

    @Test
    void sequentialOperationsFromOneNodeSucceedAndTheirMedianTimesArePrinted() {
        InfinispanCoordinator node = cluster.node(0);
        int rounds = 100;
        long[] lock = new long[rounds];
        long[] cas = new long[rounds];
        long[] increment = new long[rounds];
        long[] transaction = new long[rounds];
        long version = node.setState("timed", 0L, null).join().version();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            LockResult held = node.acquireLock("timed", LockOptions.lease(Duration.ofSeconds(5))).join();
            assertThat(node.releaseLock(held.handle()).join()).isTrue();
            lock[i] = System.nanoTime() - start;
            start = System.nanoTime();
            CasResult swapped = node.compareAndSwap("timed", version, (long) i).join();
            cas[i] = System.nanoTime() - start;
            assertThat(swapped.swapped()).isTrue();
            version = swapped.current().version();
            start = System.nanoTime();
            node.incrementCounter("timed", 1).join();
            increment[i] = System.nanoTime() - start;
            start = System.nanoTime();
            assertThat(node.executeTransaction(List.of(TxOperation.increment("timed-tx", 1))).join().committed())
                    .isTrue();
            transaction[i] = System.nanoTime() - start;
        }
        assertThat(node.getCounter("timed").join()).isEqualTo(rounds);
        System.out.printf("default mode, 3 members in one JVM, medians of %d: lock+unlock %.2f ms, CAS %.2f ms, "
                + "counter increment %.2f ms, one-key transaction %.2f ms%n", rounds, median(lock), median(cas),
                median(increment), median(transaction));
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
