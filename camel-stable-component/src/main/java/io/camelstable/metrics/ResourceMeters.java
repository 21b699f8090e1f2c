package io.camelstable.metrics;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.cache.StableCache;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.CoordinatorMetrics;
import io.camelstable.limit.LimiterMetrics;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.limit.StableRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the shared resources, tagged {@code name}: breaker state (0 closed, 1 open, 2 half-open,
 * 3 forced open) and transitions ({@code from}, {@code to}); cache hits, misses, evictions and size;
 * limiter grants, waits, rejections and queue length ({@code kind} rate or concurrency); buffer transactions
 * ({@code outcome} committed, failed or timed_out), queue length and average queue wait and duration; coordinator
 * counts ({@code camel.stable.coordination.*}, tagged {@code node}). They read the
 * resources' own counters when scraped, so nothing is added to the call path.
 */
public final class ResourceMeters {

    private final MeterRegistry registry;

    /** @param registry where the meters live */
    public ResourceMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Binds the meters of any shared resource. */
    public void bind(Object resource) {
        if (resource instanceof StableCircuitBreaker b) {
            bindBreaker(b);
        } else if (resource instanceof StableCache c) {
            bindCache(c);
        } else if (resource instanceof StableRateLimiter r) {
            bindLimiter(r.getName(), "rate", r, () -> r.getMetrics());
        } else if (resource instanceof StableConcurrencyLimiter c) {
            bindLimiter(c.getName(), "concurrency", c, () -> c.getMetrics());
        } else if (resource instanceof StableBuffer b) {
            bindBuffer(b);
        } else if (resource instanceof Coordinator c) {
            bindCoordinator(c);
        }
    }

    /** The coordinator's counts, tagged {@code node}, read from {@link Coordinator#getMetrics()} when scraped. */
    private void bindCoordinator(Coordinator c) {
        String node = c.nodeId();
        coordinatorCounter(c, node, "locks.acquired", m -> m.lockAcquisitions());
        coordinatorCounter(c, node, "locks.released", m -> m.lockReleases());
        coordinatorCounter(c, node, "locks.conflicts", m -> m.lockConflicts());
        coordinatorCounter(c, node, "locks.expired", m -> m.lockExpirations());
        coordinatorCounter(c, node, "state.operations", m -> m.stateOperations());
        coordinatorCounter(c, node, "messages.sent", m -> m.messagesSent());
        coordinatorCounter(c, node, "messages.received", m -> m.messagesReceived());
        coordinatorCounter(c, node, "messages.dead", m -> m.messagesDead());
        coordinatorCounter(c, node, "messages.duplicates", m -> m.duplicatesDropped());
        coordinatorCounter(c, node, "leader.elections", m -> m.leaderElections());
        coordinatorCounter(c, node, "transactions.committed", m -> m.transactionsCommitted());
        coordinatorCounter(c, node, "transactions.failed", m -> m.transactionsFailed());
    }

    private void coordinatorCounter(Coordinator c, String node, String name, ToLongFunction<CoordinatorMetrics> count) {
        FunctionCounter.builder("camel.stable.coordination." + name, c, x -> count.applyAsLong(x.getMetrics()))
                .tag("node", node).register(registry);
    }

    private void bindBreaker(StableCircuitBreaker b) {
        Gauge.builder("camel.stable.breaker.state", b, x -> x.getState().ordinal()).tag("name", b.getName())
                .description("0 closed, 1 open, 2 half-open, 3 forced open").register(registry);
        FunctionCounter.builder("camel.stable.breaker.not.permitted", b, x -> x.getMetrics().notPermittedCalls())
                .tag("name", b.getName()).description("Calls refused by the breaker").register(registry);
        Gauge.builder("camel.stable.breaker.failure.rate", b, x -> x.getMetrics().failureRate()).tag("name", b.getName())
                .description("Failed percentage of the sliding window").register(registry);
        b.addListener((breaker, from, to) -> Counter.builder("camel.stable.breaker.transitions").tag("name", breaker.getName())
                .tag("from", from.name()).tag("to", to.name()).register(registry).increment());
    }

    private void bindCache(StableCache c) {
        String name = c.getName();
        FunctionCounter.builder("camel.stable.cache.hits", c, x -> x.getMetrics().hits()).tag("name", name).register(registry);
        FunctionCounter.builder("camel.stable.cache.misses", c, x -> x.getMetrics().misses()).tag("name", name).register(registry);
        FunctionCounter.builder("camel.stable.cache.evictions", c, x -> x.getMetrics().evictions()).tag("name", name)
                .register(registry);
        Gauge.builder("camel.stable.cache.size", c, x -> x.getMetrics().size()).tag("name", name).register(registry);
    }

    private void bindLimiter(String name, String kind, Object limiter, Supplier<LimiterMetrics> m) {
        FunctionCounter.builder("camel.stable.limiter.granted", limiter, x -> m.get().granted()).tags("name", name, "kind", kind)
                .register(registry);
        FunctionCounter.builder("camel.stable.limiter.waits", limiter, x -> m.get().waited()).tags("name", name, "kind", kind)
                .description("Calls that had to wait for a permit").register(registry);
        FunctionCounter.builder("camel.stable.limiter.rejections", limiter, x -> m.get().rejected()).tags("name", name, "kind", kind)
                .description("Calls refused because the wait queue was full").register(registry);
        Gauge.builder("camel.stable.limiter.queue", limiter, x -> m.get().queueLength()).tags("name", name, "kind", kind)
                .register(registry);
    }

    private void bindBuffer(StableBuffer b) {
        String name = b.getName();
        FunctionCounter.builder("camel.stable.buffer.transactions", b, x -> x.getMetrics().committed())
                .tags("name", name, "outcome", "committed").description("Transactions committed").register(registry);
        FunctionCounter.builder("camel.stable.buffer.transactions", b, x -> x.getMetrics().failed())
                .tags("name", name, "outcome", "failed").description("Transactions that threw; state unchanged")
                .register(registry);
        FunctionCounter.builder("camel.stable.buffer.transactions", b, x -> x.getMetrics().timedOut())
                .tags("name", name, "outcome", "timed_out").description("Transactions past transactionTimeout")
                .register(registry);
        Gauge.builder("camel.stable.buffer.queue", b, x -> x.getMetrics().queueLength()).tag("name", name)
                .description("Transactions waiting").register(registry);
        Gauge.builder("camel.stable.buffer.queue.wait.average", b, x -> x.getMetrics().averageQueueWaitMs()).tag("name", name)
                .baseUnit("milliseconds").description("Mean time from submission to start").register(registry);
        Gauge.builder("camel.stable.buffer.duration.average", b, x -> x.getMetrics().averageDurationMs()).tag("name", name)
                .baseUnit("milliseconds").description("Mean time from start to end").register(registry);
    }
}
