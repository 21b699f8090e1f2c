package io.camelstable.coordination;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatorTransactionTest extends CoordinatorTestSupport {


    @Test
    void failingCasAppliesNothing() {
        Versioned<Object> a = coordinator.setState("a", 1L, null).join();
        TransactionResult result = coordinator.executeTransaction(List.of(
                TxOperation.set("b", "new"),
                TxOperation.increment("a", 5),
                TxOperation.delete("a"),
                TxOperation.cas("c", 42, "never"))).join();
        assertThat(result.status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(result.error()).contains("Version mismatch for key c");
        assertThat(coordinator.getState("a").join()).contains(a);
        assertThat(coordinator.getState("b").join()).isEmpty();
        assertThat(coordinator.getState("c").join()).isEmpty();
        assertThat(coordinator.getMetrics().transactionsFailed()).isEqualTo(1);
    }

    @Test
    void twoOperationsOnOneKeyApplyInOrder() {
        TransactionResult result = coordinator.executeTransaction(List.of(
                TxOperation.set("n", 10L),
                TxOperation.increment("n", 5),
                TxOperation.increment("n", -1))).join();
        assertThat(result.committed()).isTrue();
        assertThat(result.results()).extracting(Versioned::value).containsExactly(10L, 15L, 14L);
        Versioned<Object> stored = coordinator.getState("n").join().orElseThrow();
        assertThat(stored).isEqualTo(result.results().get(2));

        // CAS against the version staged earlier in the same transaction
        long version = stored.version();
        TransactionResult chained = coordinator.executeTransaction(List.of(
                TxOperation.cas("n", version, 1L),
                TxOperation.cas("n", version + 1, 2L))).join();
        assertThat(chained.committed()).isTrue();
        assertThat(coordinator.getState("n").join()).map(Versioned::value).contains(2L);
    }

    @Test
    void committedVersionsStayAboveEarlierOnes() {
        long before = coordinator.setState("x", "a", null).join().version();
        coordinator.executeTransaction(List.of(TxOperation.delete("x"), TxOperation.set("y", "b"))).join();
        long after = coordinator.setState("x", "c", null).join().version();
        assertThat(after).isGreaterThan(coordinator.getState("y").join().orElseThrow().version());
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void incrementKeepsTtlAndRejectsNonNumbers() {
        coordinator.setState("n", 1L, Duration.ofMillis(100)).join();
        coordinator.setState("s", "text", null).join();
        assertThat(coordinator.executeTransaction(List.of(TxOperation.increment("n", 1))).join().committed()).isTrue();
        assertThat(coordinator.executeTransaction(List.of(TxOperation.increment("s", 1))).join().status())
                .isEqualTo(TransactionStatus.FAILED);
        time.advance(100);
        assertThat(coordinator.getState("n").join()).isEmpty();
    }
}
