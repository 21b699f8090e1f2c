package io.camelstable.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatorStateTest extends CoordinatorTestSupport {


    @Test
    void versionsIncreaseWithEveryWriteEvenAfterDelete() {
        long v1 = coordinator.setState("k", "a", null).join().version();
        long v2 = coordinator.setState("k", "b", null).join().version();
        coordinator.deleteState("k").join();
        long v3 = coordinator.setState("k", "c", null).join().version();
        assertThat(v1).isLessThan(v2);
        assertThat(v2).isLessThan(v3);
        assertThat(coordinator.getState("k").join()).contains(new Versioned<>("c", v3));
    }

    @Test
    void casWithWrongVersionFailsAndLeavesValue() {
        Versioned<Object> written = coordinator.setState("k", "a", null).join();
        CasResult wrong = coordinator.compareAndSwap("k", written.version() + 1, "b").join();
        assertThat(wrong.swapped()).isFalse();
        assertThat(wrong.current()).isEqualTo(written);
        assertThat(coordinator.getState("k").join()).contains(written);

        CasResult right = coordinator.compareAndSwap("k", written.version(), "b").join();
        assertThat(right.swapped()).isTrue();
        assertThat(right.current().value()).isEqualTo("b");
        assertThat(right.current().version()).isGreaterThan(written.version());
    }

    @Test
    void casWithVersionZeroCreatesOnlyWhenAbsent() {
        assertThat(coordinator.compareAndSwap("k", 0, "a").join().swapped()).isTrue();
        assertThat(coordinator.compareAndSwap("k", 0, "b").join().swapped()).isFalse();
    }

    @Test
    void ttlExpiresValue() {
        coordinator.setState("k", "a", Duration.ofMillis(100)).join();
        time.advance(99);
        assertThat(coordinator.getState("k").join()).isPresent();
        time.advance(1);
        assertThat(coordinator.getState("k").join()).isEmpty();
        assertThat(time.pending()).isZero();
    }

    @Test
    void overwriteWithoutTtlCancelsEarlierExpiry() {
        coordinator.setState("k", "a", Duration.ofMillis(100)).join();
        coordinator.setState("k", "b", null).join();
        time.advance(1_000);
        assertThat(coordinator.getState("k").join()).map(Versioned::value).contains("b");
    }

    @Test
    void countersUnderEightThreadsGiveExactSum() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        coordinator.incrementCounter("hits", 1).join();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(coordinator.getCounter("hits").join()).isEqualTo(8_000L);
        assertThat(coordinator.incrementCounter("hits", -8_000).join()).isZero();
    }

    @Test
    void metricsCountStateOperations() {
        coordinator.setState("k", "a", null).join();
        coordinator.getState("k").join();
        coordinator.compareAndSwap("k", 99, "b").join();
        assertThat(coordinator.getMetrics().stateOperations()).isEqualTo(3);
        assertThat(coordinator.getMetrics().nodeId()).isEqualTo("node-1");
    }
}
