package io.camelstable.buffer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** One transaction at a time, in arrival order, copy-on-write; reads never queue; no re-entrant deadlock. */
class BufferTransactionTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBlocked() {
        release.countDown();
    }

    private static StableBuffer buffer(String name, Map<String, ?> initial) {
        return StableBuffer.create(name, BufferConfig.builder().initialState(initial).build());
    }

    /** A transaction that holds the buffer until the test releases it, so that others queue behind it. */
    private CompletableFuture<Object> blocking(StableBuffer buffer, CountDownLatch started) {
        return buffer.transaction(state -> {
            started.countDown();
            release.await();
            return null;
        });
    }

    @Test
    void sixteenWritersTimesTenThousandIncrementsCountExactly() throws Exception {
        StableBuffer buffer = buffer("counter", Map.of("count", 0));
        Queue<CompletableFuture<Integer>> futures = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int w = 0; w < 16; w++) {
                writers.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < 10_000; i++) {
                        futures.add(buffer.transaction(state -> {
                            int next = (Integer) state.get("count") + 1;
                            state.put("count", next);
                            return next;
                        }));
                    }
                });
            }
            go.countDown();
            await().atMost(60, TimeUnit.SECONDS).until(() -> futures.size() == 160_000);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            writers.shutdownNow();
        }
        assertThat(buffer.read()).containsEntry("count", 160_000);
        // every transaction saw the one before it: the returned counts are exactly 1..160000
        BitSet seen = new BitSet();
        for (CompletableFuture<Integer> f : futures) {
            seen.set(f.join());
        }
        assertThat(seen.cardinality()).isEqualTo(160_000);
        assertThat(seen.nextSetBit(0)).isEqualTo(1);
        assertThat(buffer.snapshot().sequence()).isEqualTo(160_000);
        BufferMetrics m = buffer.getMetrics();
        assertThat(m.totalTransactions()).isEqualTo(160_000);
        assertThat(m.committed()).isEqualTo(160_000);
        assertThat(m.queueLength()).isZero();
    }

    @Test
    void transactionsRunInArrivalOrderAndWaitWithoutAThread() throws Exception {
        StableBuffer buffer = buffer("fifo", Map.of("order", List.of()));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> first = blocking(buffer, started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            queued.add(buffer.transaction(state -> {
                @SuppressWarnings("unchecked")
                List<Object> order = (List<Object>) state.get("order");
                order.add(n);
                return null;
            }));
        }
        // 1,000 waiting transactions are entries of a queue, not threads: this thread submitted them all
        assertThat(buffer.getMetrics().queueLength()).isEqualTo(1000);
        release.countDown();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(first).isCompleted();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertThat(buffer.read().get("order")).isEqualTo(expected);
    }

    @Test
    void aTransactionThatThrowsLeavesTheStateExactlyAsBefore() throws Exception {
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("items", List.of("a"));
        initial.put("nested", Map.of("x", 1));
        initial.put("gone", "never");
        StableBuffer buffer = buffer("atomic", initial);
        BufferSnapshot before = buffer.snapshot();

        CompletableFuture<Object> failed = buffer.transaction(state -> {
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) state.get("items");
            items.add("b");
            @SuppressWarnings("unchecked")
            Map<String, Object> nested = (Map<String, Object>) state.get("nested");
            nested.put("x", 2);
            state.remove("gone");
            state.put("new", true);
            throw new IllegalStateException("changed my mind");
        });

        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("changed my mind");
        assertThat(buffer.snapshot()).isSameAs(before);
        assertThat(buffer.read()).isEqualTo(initial);
        assertThat(buffer.getMetrics().failed()).isEqualTo(1);
        assertThat(buffer.getMetrics().committed()).isZero();
    }

    @Test
    void readReturnsADeepFrozenSnapshotWithoutQueueing() throws Exception {
        StableBuffer buffer = buffer("frozen", Map.of("list", List.of(1), "map", Map.of("k", "v")));
        buffer.transaction(state -> state.put("set", new java.util.HashSet<>(List.of("s")))).get(10, TimeUnit.SECONDS);
        CountDownLatch started = new CountDownLatch(1);
        blocking(buffer, started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // a writer holds the buffer, yet this thread reads at once
        Map<String, Object> read = buffer.read();
        assertThat(read).containsKeys("list", "map", "set");
        assertThatThrownBy(() -> read.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) read.get("list")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<?, ?>) read.get("map")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((java.util.Set<?>) read.get("set")).clear())
                .isInstanceOf(UnsupportedOperationException.class);

        Map<String, Object> view = buffer.view();
        assertThat(StableBuffer.of(view)).isSameAs(buffer);
        assertThat(StableBuffer.of(new LinkedHashMap<>())).isNull();
        assertThat(view).isEqualTo(read);
        assertThatThrownBy(() -> view.put("x", 1)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'frozen'").hasMessageContaining("transaction(");
        release.countDown();
        buffer.transaction(state -> state.put("later", 1)).get(10, TimeUnit.SECONDS);
        assertThat(view).containsEntry("later", 1);
        assertThat(read).doesNotContainKey("later");
    }

    @Test
    void aTransactionStartedInsideATransactionOfTheSameBufferFailsAtOnce() throws Exception {
        StableBuffer buffer = buffer("reentrant", Map.of());
        StableBuffer other = buffer("other", Map.of());
        AtomicReference<Throwable> inner = new AtomicReference<>();
        Object outer = buffer.transaction(state -> {
            try {
                buffer.transaction(s -> s.put("inner", true));
            } catch (IllegalStateException e) {
                inner.set(e);
            }
            // another buffer is fine: it just queues there
            other.transaction(s -> s.put("fromOuter", true));
            state.put("outer", true);
            return "done";
        }).get(10, TimeUnit.SECONDS);

        assertThat(outer).isEqualTo("done");
        assertThat(inner.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("StableBuffer 'reentrant'")
                .hasMessageContaining("inside a transaction of the same buffer");
        assertThat(buffer.read()).containsEntry("outer", true).doesNotContainKey("inner");
        await().atMost(10, TimeUnit.SECONDS).until(() -> other.read().containsKey("fromOuter"));
    }

    @Test
    void namedTransactionsAndBadValues() throws Exception {
        StableBuffer buffer = StableBuffer.create("named", BufferConfig.builder().initialState(Map.of("count", 0))
                .transaction("add", (state, p) -> state.merge("count", p.get("by"), (a, b) -> (Integer) a + (Integer) b))
                .build());
        assertThat(buffer.transaction("add", Map.of("by", 5)).get(10, TimeUnit.SECONDS)).isEqualTo(5);
        assertThatThrownBy(() -> buffer.transaction("subtract", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'named'").hasMessageContaining("'subtract'").hasMessageContaining("[add]");
        CompletableFuture<Object> array = buffer.transaction(state -> state.put("raw", new int[] { 1 }));
        assertThatThrownBy(() -> array.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'raw' is an array");
        assertThat(buffer.read()).isEqualTo(Map.of("count", 5));
    }
}
