package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.infinispan.Cache;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.counter.EmbeddedCounterManagerFactory;
import org.infinispan.manager.EmbeddedCacheManager;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.CoordinatorMetrics;
import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.MessageHandler;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.Subscription;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;
import io.camelstable.engine.Cancellable;
import io.camelstable.infinispan.ClusterNode;
import io.camelstable.infinispan.raft.CoordinationUnavailableException;
import io.camelstable.infinispan.ValueCodec;

/**
 * The default-mode {@link Coordinator}: the SPI on Infinispan's own primitives, on the caches of a
 * {@link ClusterNode} (replicated synchronously, {@code DENY_READ_WRITES}, merge policy {@code NONE}). Members
 * join and leave freely (no fixed member list). State, locks, leaders and messages are entries written with
 * conditional operations; a state version or a fencing token is the key's last one + 1, written conditionally,
 * with a fresh base from a {@code StrongCounter} when a key starts a new life ({@link KeySequence}); epochs and
 * sequences come from {@code StrongCounter}s. While no member crashes this is linearizable; under {@code kill -9}
 * DESIGN §9 measured a conditional write acknowledged to two writers and a counter increment applied twice, so a
 * fencing token can repeat: use the strict mode ({@code RaftCoordinator}) when that matters (docs/coordination.md).
 * <p>
 * Nothing here blocks a thread to wait. Closing the coordinator leaves the node running.
 */
public final class InfinispanCoordinator implements Coordinator {

    /** The cache of versioned state (not transactional: multi-key transactions hold keys with markers). */
    public static final String STATE_CACHE = "stable-default-state";
    /** The cache of locks, leaders, messages, acknowledgements and idempotency keys. */
    public static final String COORDINATION_CACHE = "stable-default-coordination";

    /** The counter that hands out state versions' fresh bases ({@link KeySequence}). */
    private static final String STATE_REVISION = "stable-default-revision";
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final long ANSWER_GRACE_MILLIS = 5000;

    private final CacheCoordinatorSettings settings;
    private final Cache<String, String> coordination;
    private final Cache<String, String> stateEntries;
    private final ScheduledExecutorService timers;
    private final ExecutorService callbacks;
    private final ExecutorService replies;
    private final ExecutorService events;
    private final MetricsCounters metrics = new MetricsCounters();
    private final AnswerDeadlines deadlines;
    private final CacheCounters counters;
    private final CacheState state;
    private final CacheLocks locks;
    private final CacheElections elections;
    private final CacheTopics topics;
    private final CoordinationEvents listener;
    private volatile boolean closed;

    /**
     * Defines this mode's caches on the node (if not yet defined), starts them and starts listening.
     *
     * @param node     a started cluster member; it stays open when this coordinator closes
     * @param settings this node's id, the leases and the delivery bounds
     */
    public InfinispanCoordinator(ClusterNode node, CacheCoordinatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        EmbeddedCacheManager manager = Objects.requireNonNull(node, "node").cacheManager();
        long timeout = settings.transactionTimeout().toMillis();
        ConfigurationBuilder stateCache = ClusterNode.coordinationCache();
        stateCache.expiration().wakeUpInterval(1000);
        ConfigurationBuilder coordinationCache = ClusterNode.coordinationCache();
        coordinationCache.expiration().wakeUpInterval(500);
        define(manager, STATE_CACHE, stateCache);
        define(manager, COORDINATION_CACHE, coordinationCache);
        stateEntries = manager.getCache(STATE_CACHE);
        coordination = manager.getCache(COORDINATION_CACHE);

        String id = settings.nodeId();
        String incarnation = id + "-" + UUID.randomUUID().toString().substring(0, 8);
        timers = Executors.newSingleThreadScheduledExecutor(daemon("camel-stable-cache-timer-" + id));
        callbacks = Executors.newSingleThreadExecutor(daemon("camel-stable-cache-callback-" + id));
        replies = Executors.newFixedThreadPool(2, daemon("camel-stable-cache-reply-" + id));
        events = Executors.newSingleThreadExecutor(daemon("camel-stable-cache-event-" + id));
        deadlines = new AnswerDeadlines(timers);
        counters = new CacheCounters(EmbeddedCounterManagerFactory.asCounterManager(manager));
        state = new CacheState(stateEntries, new KeySequence(counters, STATE_REVISION),
                new MarkedWrites(stateEntries, coordination, timers, incarnation, timeout), timeout);
        long margin = settings.safetyMargin().toMillis();
        locks = new CacheLocks(coordination, counters, timers, callbacks, id, incarnation, margin, metrics);
        elections = new CacheElections(coordination, counters, timers, callbacks, incarnation,
                settings.leaderLease().toMillis(), margin, metrics);
        topics = new CacheTopics(coordination, counters, timers, callbacks, settings.delivery(), metrics);
        listener = new CoordinationEvents(events, locks, elections, topics);
        coordination.addListener(listener);
    }

    /**
     * @param  key a lock's key
     * @return     the key of the lock's entry in {@link #COORDINATION_CACHE} (for tools that look at where it lives)
     */
    public static String lockEntryKey(String key) {
        return CacheLocks.PREFIX + key;
    }

    private static void define(EmbeddedCacheManager manager, String name, ConfigurationBuilder builder) {
        synchronized (manager) {
            if (manager.getCacheConfiguration(name) == null) {
                manager.defineConfiguration(name, builder.build());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * @return whether this member can read and write now: both caches are {@code AVAILABLE} (a member of a
     *         minority partition is {@code DEGRADED_MODE} under {@code DENY_READ_WRITES})
     */
    public boolean isAvailable() {
        return !closed && stateEntries.getAdvancedCache().getAvailability() == AvailabilityMode.AVAILABLE
                && coordination.getAdvancedCache().getAvailability() == AvailabilityMode.AVAILABLE;
    }

    /** @return a one-line summary of this member's view and cache availability, for logs and health checks */
    public String status() {
        return "infinispan[" + nodeId() + " members=" + coordination.getCacheManager().getMembers() + " state="
                + stateEntries.getAdvancedCache().getAvailability() + " coordination="
                + coordination.getAdvancedCache().getAvailability() + "]";
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * Runs an operation unless closed, and completes the caller's future on this coordinator's reply threads: the
     * caller's continuations never run on (and never block) Infinispan's threads.
     */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
        return call(operation, 0);
    }

    /**
     * @param waitMillis how long the operation may wait by design (a lock's wait timeout) on top of the answer
     *                   timeout: the transaction lock wait plus {@value #ANSWER_GRACE_MILLIS} ms. An answer that
     *                   does not come by then (seen once here: a CAS whose future Infinispan never completed) fails
     *                   the call with {@link CoordinationUnavailableException}, outcome unknown, instead of leaving
     *                   the caller waiting for ever.
     */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation, long waitMillis) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("Coordinator " + nodeId() + " is closed"));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletableFuture<T> running;
        try {
            running = operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        long allowed = settings.transactionTimeout().toMillis() + ANSWER_GRACE_MILLIS + waitMillis;
        deadlines.watch(running, allowed);
        running.whenComplete((value, failure) -> {
            // the deadline fails this very future with the JDK's TimeoutException (Infinispan's own is another class)
            Throwable error = failure instanceof TimeoutException
                    ? new CoordinationUnavailableException("No answer from the cluster within " + allowed
                            + " ms; the outcome is unknown", failure) : failure;
            Runnable complete = () -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(value);
                }
            };
            try {
                replies.execute(complete);
            } catch (RejectedExecutionException e) {
                complete.run();
            }
        });
        return answer;
    }

    // ---- locks

    @Override
    public CompletableFuture<LockResult> acquireLock(String key, LockOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        return call(() -> locks.acquire(key, options), options.waitTimeout().toMillis());
    }

    @Override
    public CompletableFuture<Boolean> renew(LockHandle handle) {
        return call(() -> locks.renew(handle));
    }

    @Override
    public CompletableFuture<Boolean> releaseLock(LockHandle handle) {
        return call(() -> locks.release(handle));
    }

    @Override
    public CompletableFuture<Boolean> validateFencingToken(String key, long token) {
        Objects.requireNonNull(key, "key");
        return call(() -> locks.validate(key, token));
    }

    // ---- state

    @Override
    public CompletableFuture<Optional<Versioned<Object>>> getState(String key) {
        Objects.requireNonNull(key, "key");
        return stateCall(() -> state.get(key));
    }

    @Override
    public CompletableFuture<Versioned<Object>> setState(String key, Object value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ValueCodec.check(value);
        return stateCall(() -> state.set(key, value, ttl == null ? 0 : ttl.toMillis()));
    }

    @Override
    public CompletableFuture<Boolean> deleteState(String key) {
        Objects.requireNonNull(key, "key");
        return stateCall(() -> state.delete(key));
    }

    @Override
    public CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ValueCodec.check(value);
        return stateCall(() -> state.compareAndSwap(key, expectedVersion, value));
    }

    private <T> CompletableFuture<T> stateCall(Supplier<CompletableFuture<T>> operation) {
        return call(() -> {
            metrics.stateOperations.increment();
            return operation.get();
        });
    }

    // ---- leader election

    @Override
    public CompletableFuture<Leadership> campaign(String election, String candidateId) {
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(candidateId, "candidateId");
        return call(() -> elections.campaign(election, candidateId));
    }

    @Override
    public CompletableFuture<Boolean> resign(String election, String candidateId) {
        return call(() -> elections.resign(election, candidateId));
    }

    @Override
    public CompletableFuture<Optional<Leadership>> getLeader(String election) {
        return call(() -> elections.leader(election));
    }

    @Override
    public Cancellable onLeadershipChange(String election, Consumer<LeadershipEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return elections.listen(election, listener);
    }

    /**
     * @param  election    the election
     * @param  candidateId a candidate of this node
     * @return             whether this node believes the candidate leads now: elected, and its lease (minus the
     *                     safety margin) not yet over; false as soon as it could not renew in time
     */
    public boolean isLeading(String election, String candidateId) {
        return elections.isLeading(election, candidateId);
    }

    // ---- pub/sub

    @Override
    public CompletableFuture<PublishResult> publish(String topic, Object message, PublishOptions options) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(options, "options");
        return call(() -> topics.publish(topic, message, options));
    }

    @Override
    public CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(handler, "handler");
        return call(() -> topics.subscribe(topic, subscriberId, handler));
    }

    // ---- transactions and counters

    @Override
    public CompletableFuture<TransactionResult> executeTransaction(List<TxOperation> operations) {
        Objects.requireNonNull(operations, "operations");
        operations.forEach(op -> ValueCodec.check(op.value()));
        return call(() -> state.transaction(operations)).thenApply(result -> {
            (result.committed() ? metrics.transactionsCommitted : metrics.transactionsFailed).increment();
            return result;
        });
    }

    @Override
    public CompletableFuture<Long> incrementCounter(String key, long delta) {
        Objects.requireNonNull(key, "key");
        return call(() -> counters.addExact(counterName(key), delta));
    }

    @Override
    public CompletableFuture<Long> getCounter(String key) {
        Objects.requireNonNull(key, "key");
        return call(() -> counters.value(counterName(key)));
    }

    private static String counterName(String key) {
        return "stable-default-counter-" + key;
    }

    @Override
    public CoordinatorMetrics getMetrics() {
        return metrics.snapshot(nodeId());
    }

    /**
     * Releases this node's locks and resigns its candidates (waiting at most 2 s for the cache, so the others need
     * not wait for the leases to run out), tells local holders and listeners, stops delivery and listening. The
     * cluster node stays up.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<CompletableFuture<Boolean>> goodbyes = new ArrayList<>(locks.close());
        goodbyes.addAll(elections.close());
        closed = true;
        topics.close();
        try {
            CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort: entries that were not removed run out with their lifespan
        }
        try {
            coordination.removeListener(listener);
        } catch (RuntimeException e) {
            // the node was stopped first: its listeners went with it
        }
        timers.shutdownNow();
        events.shutdownNow();
        callbacks.shutdown();
        replies.shutdown();
    }
}
