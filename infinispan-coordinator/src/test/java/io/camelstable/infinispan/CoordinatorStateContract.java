package io.camelstable.infinispan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TransactionStatus;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Versioned state, CAS, counters and transactions across three members of a clustered coordinator,
 * whatever its mode. Each mode's test extends it with three members of its
 * own (the default mode's in {@code io.camelstable.infinispan.cache}).
 */
public abstract class CoordinatorStateContract {

    /** @return the three coordinators, one per member */
    protected abstract List<? extends Coordinator> nodes();

    private Coordinator node(int i) {
        return nodes().get(i);
    }

    @Test
    void aValueWrittenOnOneNodeIsReadOnAnotherWithItsTypeAndVersion() {
        Versioned<Object> written = node(0).setState("cursor", Map.of("id", 41L, "tags", List.of("a", 2)),
                null).join();
        Versioned<Object> read = node(2).getState("cursor").join().orElseThrow();
        assertThat(read).isEqualTo(written);
        assertThat(((Map<?, ?>) read.value()).get("id")).isInstanceOf(Long.class);
        assertThat(node(1).deleteState("cursor").join()).isTrue();
        Versioned<Object> again = node(1).setState("cursor", "x", null).join();
        assertThat(again.version()).as("versions never repeat after a delete (no ABA)").isGreaterThan(written.version());
    }

    @Test
    void aValueThatCannotBeReplicatedIsRefusedAtTheCallNamingItsType() {
        assertThatThrownBy(() -> node(0).setState("bad", new Object(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void aTtlExpiresTheValueOnEveryNode() {
        node(0).setState("short", "v", Duration.ofMillis(300)).join();
        assertThat(node(1).getState("short").join()).isPresent();
        await().atMost(Duration.ofSeconds(5)).until(() -> node(2).getState("short").join().isEmpty());
    }

    @Test
    void concurrentCasFromThreeNodesNeverAcknowledgesTwoWritersOfOneVersion() {
        node(0).setState("balance", 0L, null).join();
        Set<Long> acknowledgedFrom = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Integer>> loops = new ArrayList<>();
        for (Coordinator node : nodes()) {
            loops.add(casLoop(node, acknowledgedFrom, 0, 40));
        }
        int swaps = loops.stream().mapToInt(CompletableFuture::join).sum();
        Versioned<Object> last = node(1).getState("balance").join().orElseThrow();
        assertThat(last.value()).isEqualTo((long) swaps);
        assertThat(acknowledgedFrom).hasSize(swaps);
    }

    /** Read, add one, CAS on the version read; bounded in tries. @return how many swaps this node made */
    private static CompletableFuture<Integer> casLoop(Coordinator node, Set<Long> acknowledgedFrom, int swaps,
                                                      int triesLeft) {
        if (triesLeft == 0) {
            return CompletableFuture.completedFuture(swaps);
        }
        return node.getState("balance").thenCompose(v -> {
            Versioned<Object> current = v.orElseThrow();
            return node.compareAndSwap("balance", current.version(), (Long) current.value() + 1)
                    .thenCompose((CasResult cas) -> {
                        if (cas.swapped()) {
                            assertThat(acknowledgedFrom.add(current.version())).as("two writers acknowledged "
                                    + "for version " + current.version()).isTrue();
                        }
                        return casLoop(node, acknowledgedFrom, swaps + (cas.swapped() ? 1 : 0), triesLeft - 1);
                    });
        });
    }

    @Test
    void countersFromThreeNodesHandOutDistinctValuesAndAnExactSum() {
        Set<Long> values = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (Coordinator node : nodes()) {
            CompletableFuture<Void> loop = CompletableFuture.completedFuture(null);
            for (int i = 0; i < 100; i++) {
                loop = loop.thenCompose(x -> node.incrementCounter("orders", 1))
                        .thenAccept(v -> assertThat(values.add(v)).isTrue());
            }
            loops.add(loop);
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        assertThat(values).hasSize(300);
        assertThat(node(2).getCounter("orders").join()).isEqualTo(300L);
    }

    @Test
    void aFailingTransactionAppliesNothingAndAPassingOneAppliesAllInOrder() {
        node(0).setState("stock", 5L, null).join();
        TransactionResult failed = node(1).executeTransaction(List.of(TxOperation.increment("stock", -1),
                TxOperation.cas("absent", 7, "x"))).join();
        assertThat(failed.status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(failed.error()).contains("absent");
        assertThat(node(2).getState("stock").join().orElseThrow().value()).isEqualTo(5L);

        TransactionResult committed = node(1).executeTransaction(List.of(TxOperation.increment("stock", -1),
                TxOperation.increment("stock", -1), TxOperation.set("last", "order-9"))).join();
        assertThat(committed.committed()).isTrue();
        assertThat(committed.results().get(1).value()).isEqualTo(3L);
        assertThat(node(0).getState("stock").join().orElseThrow().value()).isEqualTo(3L);
        assertThat(node(0).getMetrics().transactionsCommitted()).isZero();
        assertThat(node(1).getMetrics().transactionsCommitted()).isEqualTo(1);
        assertThat(node(1).getMetrics().transactionsFailed()).isEqualTo(1);
    }

    @Test
    void anEmptyTransactionCommitsWithNoResults() {
        TransactionResult empty = node(2).executeTransaction(List.of()).join();
        assertThat(empty.status()).isEqualTo(TransactionStatus.COMMITTED);
        assertThat(empty.results()).isEmpty();
    }

    @Test
    void anOverflowingCounterFailsTheCallAndChangesNothing() {
        node(0).incrementCounter("big", Long.MAX_VALUE).join();
        assertThatThrownBy(() -> node(1).incrementCounter("big", 1).join())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflow");
        assertThat(node(2).getCounter("big").join()).isEqualTo(Long.MAX_VALUE);
    }
}
