package io.camelstable.buffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.testing.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * transactionTimeout (SPEC §4.2 #23): a queued transaction that times out is removed and never runs; a running
 * one is interrupted and never commits; the queue moves on even when it ignores the interrupt. Timeouts fire
 * when the test says, through a manual scheduler.
 */
class BufferTimeoutTest {

    private final ManualScheduler timeouts = new ManualScheduler();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final CountDownLatch release = new CountDownLatch(1);
    private final StableBuffer buffer = new StableBuffer("timed", BufferConfig.builder().transactionTimeoutMs(250).build(),
            pool, timeouts);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private static void assertTimedOut(CompletableFuture<?> future, boolean whileRunning) {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BufferTimeoutException.class)
                .hasMessageContaining("StableBuffer 'timed'").hasMessageContaining("250 ms")
                .matches(e -> ((BufferTimeoutException) e).isWhileRunning() == whileRunning);
    }

    @Test
    void aQueuedTransactionThatTimesOutIsRemovedAndNeverApplied() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> first = buffer.transaction(state -> {
            started.countDown();
            release.await();
            return state.put("first", true);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean lateRan = new AtomicBoolean();
        CompletableFuture<Object> late = buffer.transaction(state -> {
            lateRan.set(true);
            return state.put("late", true);
        });
        assertThat(timeouts.count()).isEqualTo(2);
        assertThat(timeouts.delay(1)).isEqualTo(250);
        assertThat(buffer.getMetrics().queueLength()).isEqualTo(1);

        timeouts.fire(1);

        assertTimedOut(late, false);
        assertThat(buffer.getMetrics().queueLength()).isZero();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        // FIFO: once a later transaction has committed, the timed-out one can never run any more
        buffer.transaction(state -> state.put("after", true)).get(10, TimeUnit.SECONDS);
        assertThat(lateRan).isFalse();
        assertThat(buffer.read()).containsOnlyKeys("first", "after");
        assertThat(timeouts.cancelled(0)).isTrue();
        BufferMetrics m = buffer.getMetrics();
        assertThat(m.timedOut()).isEqualTo(1);
        assertThat(m.committed()).isEqualTo(2);
        assertThat(m.totalTransactions()).isEqualTo(3);
    }

    @Test
    void aRunningTransactionThatTimesOutIsInterruptedAndItsChangesDiscarded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<Object> slow = buffer.transaction(state -> {
            state.put("partial", true);
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "pretends to be fine"; // returning normally after the timeout still commits nothing
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> next = buffer.transaction(state -> state.put("next", true));

        timeouts.fire(0);

        assertTimedOut(slow, true);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        next.get(10, TimeUnit.SECONDS);
        assertThat(buffer.read()).containsOnlyKeys("next");
        assertThat(buffer.snapshot().sequence()).isEqualTo(1);
        // the pool thread that was interrupted carries no interrupt into its next task
        assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aTransactionThatIgnoresItsInterruptDoesNotHoldTheQueue() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch zombieEnded = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        CompletableFuture<Object> hung = buffer.transaction(state -> {
            state.put("zombie", true);
            started.countDown();
            for (int i = 0; i < 100 && release.getCount() > 0; i++) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                }
            }
            zombieEnded.countDown();
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> next = buffer.transaction(state -> state.put("next", true));

        timeouts.fire(0);

        assertTimedOut(hung, true);
        // the hung transaction still runs, yet the one behind it commits
        assertThat(next.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(buffer.read()).containsOnlyKeys("next");
        assertThat(zombieEnded.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(zombieEnded.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> buffer.getMetrics().totalTransactions() == 2);
        buffer.transaction(state -> state.put("last", true)).get(10, TimeUnit.SECONDS);
        assertThat(buffer.read()).containsOnlyKeys("next", "last");
        assertThat(interrupts.get()).isEqualTo(1);
        assertThat(buffer.getMetrics().timedOut()).isEqualTo(1);
    }

    @Test
    void aTimerThatFiresAfterTheCommitChangesNothing() throws Exception {
        buffer.transaction(state -> state.put("done", 1)).get(10, TimeUnit.SECONDS);
        assertThat(timeouts.cancelled(0)).isTrue();
        timeouts.fireAnyway(0); // a timer already under way when the commit cancelled it
        buffer.transaction(state -> state.put("more", 2)).get(10, TimeUnit.SECONDS);
        assertThat(buffer.getMetrics().timedOut()).isZero();
        assertThat(buffer.read()).isEqualTo(Map.of("done", 1, "more", 2));
        assertThat(buffer.getMetrics().committed()).isEqualTo(2);
    }
}
