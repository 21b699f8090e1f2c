package io.camelstable.infinispan.cache;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.infinispan.Cache;
import org.infinispan.counter.EmbeddedCounterManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TransactionStatus;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the default mode does with the markers of a writer that died holding state keys ({@link MarkedWrites}):
 * the dead writer's entries are written into the caches as it would have left them, with a deadline a moment
 * away, and live members then meet them. Before the commit point its keys go back to their old values; after it
 * (its record written) every key gets its new value, whichever key is met first.
 */
class CrashedWriterTest {

    private static CacheCluster cluster;
    private static Cache<String, String> stateCache;
    private static Cache<String, String> records;
    private static ScheduledExecutorService timers;

    @BeforeAll
    static void start() {
        cluster = new CacheCluster("crashed-writer");
        stateCache = cluster.members.get(0).cacheManager().getCache(InfinispanCoordinator.STATE_CACHE);
        records = cluster.members.get(0).cacheManager().getCache(InfinispanCoordinator.COORDINATION_CACHE);
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        timers.shutdownNow();
        cluster.close();
    }

    /** Marks {@code key} (as it is now) for a dead writer whose deadline is 300 ms away. */
    private static void markForDeadWriter(String key, String writer, boolean multiKey) {
        StateEntry before = StateEntry.parse(stateCache.get(key));
        stateCache.put(key, StateEntry.marked(before, writer, System.currentTimeMillis() + 300, multiKey));
    }

    private static Versioned<Object> read(int node, String key) {
        return cluster.node(node).getState(key).join().orElse(null);
    }

    @Test
    void aDeadWritersKeysBeforeItsCommitGoBackAndAPlainCasThatWaitedThenSwaps() {
        Versioned<Object> a = cluster.node(0).setState("abort-a", 1L, null).join();
        Versioned<Object> b = cluster.node(0).setState("abort-b", 2L, null).join();
        markForDeadWriter("abort-a", "ghost-abort", true);
        markForDeadWriter("abort-b", "ghost-abort", true);
        assertThat(read(1, "abort-a")).as("readers see the last committed value").isEqualTo(a);

        CasResult cas = cluster.node(1).compareAndSwap("abort-a", a.version(), 10L).join();

        assertThat(cas.swapped()).as("the CAS waited for the marker, which went back to the old value").isTrue();
        assertThat(cas.current().version()).isEqualTo(a.version() + 1);
        assertThat(records.get(MarkedWrites.RECORD_PREFIX + "ghost-abort")).as("the abort is recorded").isNotNull();
        // the other key is put back by the next writer that meets it, from the same record
        assertThat(cluster.node(2).compareAndSwap("abort-b", b.version(), 20L).join().swapped()).isTrue();
        assertThat(read(0, "abort-b").value()).isEqualTo(20L);
    }

    @Test
    void aDeadWritersKeysAfterItsCommitAllGetTheirNewValuesWhicheverIsMetFirst() {
        Versioned<Object> c = cluster.node(0).setState("commit-c", 1L, null).join();
        cluster.node(0).setState("commit-d", 2L, null).join();
        markForDeadWriter("commit-c", "ghost-commit", true);
        markForDeadWriter("commit-d", "ghost-commit", true);
        String newC = StateEntry.committed(100L, c.version() + 1, 0L);
        records.put(MarkedWrites.RECORD_PREFIX + "ghost-commit", EntryCodec.pack("COMMITTED", "commit-c", newC,
                "commit-d", null));

        Versioned<Object> written = cluster.node(1).setState("commit-c", 101L, null).join();

        assertThat(written.version()).as("written after the dead writer's value").isEqualTo(c.version() + 2);
        assertThat(read(2, "commit-d")).as("deleted by the plan, though nobody met that key").isNull();
        assertThat(stateCache.get("commit-d")).isNull();
        assertThat(records.get(MarkedWrites.RECORD_PREFIX + "ghost-commit")).as("the finished record is gone").isNull();
    }

    @Test
    void aDeadSingleKeyWritersMarkerIsRemovedAndATransactionOnItCommits() {
        markForDeadWriter("single", "ghost-single", false);
        assertThat(read(0, "single")).as("absent while held for a new life").isNull();

        TransactionResult tx = cluster.node(2).executeTransaction(List.of(TxOperation.increment("single", 5),
                TxOperation.set("single-other", "x"))).join();

        assertThat(tx.status()).isEqualTo(TransactionStatus.COMMITTED);
        assertThat(read(1, "single").value()).isEqualTo(5L);
        assertThat(read(1, "single-other").value()).isEqualTo("x");
    }

    /** A state view of member 0 whose writers are named {@code <incarnation>-1, -2, ...} and wait {@code waitMillis}. */
    private static CacheState stateOf(String incarnation, long waitMillis) {
        return new CacheState(stateCache, new KeySequence(new CacheCounters(
                EmbeddedCounterManagerFactory.asCounterManager(cluster.members.get(0).cacheManager())),
                "stable-default-revision"), new MarkedWrites(stateCache, records, timers, incarnation, waitMillis),
                waitMillis);
    }

    @Test
    void aWriterWhoseMarkersWereResolvedFindsTheAbortAndAppliesNothing() {
        Versioned<Object> e = cluster.node(0).setState("late-e", 1L, null).join();
        // the resolver got there first: its ABORTED record stands, so the late writer's commit must fail
        records.put(MarkedWrites.RECORD_PREFIX + "late-1", EntryCodec.pack("ABORTED"));

        TransactionResult tx = stateOf("late", 5000).transaction(List.of(TxOperation.set("late-e", 2L),
                TxOperation.set("late-f", 3L))).join();

        assertThat(tx.status()).isEqualTo(TransactionStatus.TIMEOUT);
        assertThat(read(1, "late-e")).as("put back unchanged").isEqualTo(e);
        assertThat(read(1, "late-f")).isNull();
        assertThat(stateCache.get("late-f")).as("no marker left behind").isNull();
    }

    @Test
    void aTransactionThatCannotGetAKeyInTimeAnswersTimeoutAndPutsBackTheKeysItHeld() {
        Versioned<Object> first = cluster.node(0).setState("wait-a", 1L, null).join();
        cluster.node(0).setState("wait-b", 2L, null).join();
        // a live writer holds wait-b for the next minute
        StateEntry held = StateEntry.parse(stateCache.get("wait-b"));
        stateCache.put("wait-b", StateEntry.marked(held, "busy-1", System.currentTimeMillis() + 60_000, true));

        TransactionResult tx = stateOf("impatient", 200).transaction(List.of(TxOperation.increment("wait-a", 1),
                TxOperation.increment("wait-b", 1))).join();

        assertThat(tx.status()).isEqualTo(TransactionStatus.TIMEOUT);
        assertThat(tx.error()).contains("wait-b");
        assertThat(read(1, "wait-a")).as("the key it held first is put back").isEqualTo(first);
        assertThat(StateEntry.parse(stateCache.get("wait-b")).writer()).isEqualTo("busy-1");
        stateCache.put("wait-b", held.committedPacked());
    }
}
