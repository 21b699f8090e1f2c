package io.camelstable.infinispan.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.infinispan.counter.api.CounterConfiguration;
import org.infinispan.counter.api.CounterManager;
import org.infinispan.counter.api.CounterType;
import org.infinispan.counter.api.Storage;
import org.infinispan.counter.api.StrongCounter;
import org.infinispan.counter.impl.manager.EmbeddedCounterManager;

/**
 * Infinispan {@link StrongCounter}s by name, defined on first use (unbounded, volatile) without blocking: the
 * revision, fencing and epoch counters, one per topic for sequences and one per user counter.
 */
final class CacheCounters {

    private static final CounterConfiguration UNBOUNDED = CounterConfiguration.builder(CounterType.UNBOUNDED_STRONG)
            .storage(Storage.VOLATILE).build();

    private final EmbeddedCounterManager manager;
    private static final int MAX_CAS_TRIES = 1000;

    private final Map<String, CompletableFuture<StrongCounter>> counters = new ConcurrentHashMap<>();

    CacheCounters(CounterManager manager) {
        if (!(manager instanceof EmbeddedCounterManager embedded)) {
            throw new IllegalStateException("Expected Infinispan's embedded counter manager, got " + manager);
        }
        this.manager = embedded;
    }

    /** @return the counter, defined cluster-wide if it was not */
    CompletableFuture<StrongCounter> counter(String name) {
        CompletableFuture<StrongCounter> counter = counters.computeIfAbsent(name, n -> manager.defineCounterAsync(n,
                UNBOUNDED).thenCompose(defined -> manager.getStrongCounterAsync(n)));
        // a failed definition is not kept: the next call tries again
        counter.whenComplete((c, e) -> {
            if (e != null) {
                counters.remove(name, counter);
            }
        });
        return counter;
    }

    /** For the coordinator's own counters (revisions, tokens, epochs, sequences), which never get near overflow. */
    CompletableFuture<Long> add(String name, long delta) {
        return counter(name).thenCompose(c -> c.addAndGet(delta));
    }

    /**
     * Adds by compare-and-swap, so an overflow fails and changes nothing (Infinispan's {@code addAndGet} would
     * stop at {@code Long.MAX_VALUE} and report success). The first guess is the value read here: every member owns
     * every counter ({@code ClusterNode}), so the read is local and, after any increment that was acknowledged,
     * current; an uncontended add is one round trip whichever member added last.
     */
    CompletableFuture<Long> addExact(String name, long delta) {
        return counter(name).thenCompose(c -> c.getValue().thenCompose(current -> addExact(c, delta, current,
                MAX_CAS_TRIES)));
    }

    /** @param expected the counter's value as last read or returned by a failed swap */
    private CompletableFuture<Long> addExact(StrongCounter c, long delta, long expected, int triesLeft) {
        long next;
        try {
            next = Math.addExact(expected, delta);
        } catch (ArithmeticException overflow) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Counter " + c.getName()
                    + " would overflow: " + expected + " + " + delta));
        }
        return c.compareAndSwap(expected, next).thenCompose(previous -> {
            if (previous == expected) {
                return CompletableFuture.completedFuture(next);
            }
            if (triesLeft <= 1) {
                return CompletableFuture.failedFuture(new IllegalStateException("Counter " + c.getName()
                        + " changed by others " + MAX_CAS_TRIES + " times during one increment; try again"));
            }
            return addExact(c, delta, previous, triesLeft - 1);
        });
    }

    /** @return the value, 0 for a counter nobody defined yet (without defining it) */
    CompletableFuture<Long> value(String name) {
        if (counters.containsKey(name)) {
            return counter(name).thenCompose(StrongCounter::getValue);
        }
        return manager.isDefinedAsync(name).thenCompose(defined -> defined
                ? counter(name).thenCompose(StrongCounter::getValue) : CompletableFuture.completedFuture(0L));
    }
}
