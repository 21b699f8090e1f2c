package io.camelstable.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.camelstable.engine.Cancellable;
import io.camelstable.engine.DelayScheduler;
import io.camelstable.engine.ScheduledExecutorDelayScheduler;

/**
 * The single-node default {@link Coordinator}: everything lives in this object (locks in {@link InMemoryLocks},
 * messages in {@link InMemoryPubSub}), guarded by one mutex, and callbacks (lease lost, leadership events, message
 * handlers) run after the mutex is released. Time comes from
 * an injectable clock and every wait is a timer on a {@link DelayScheduler}, so tests drive time without
 * sleeping. Each instance owns its timers; closing it affects no other instance.
 */
public final class InMemoryCoordinator implements Coordinator {

    private record StateEntry(Object value, long version, long expiresAt, Cancellable cleanup) {
        boolean liveAt(long now) {
            return now < expiresAt;
        }
    }

    private static final class Election {
        long epoch;
        String leader;
        final LinkedHashSet<String> followers = new LinkedHashSet<>();
        final List<Consumer<LeadershipEvent>> listeners = new CopyOnWriteArrayList<>();
    }

    private final String nodeId;
    private final DelayScheduler scheduler;
    private final LongSupplier clock;
    private final ScheduledExecutorService ownedExecutor;
    private final Object mutex = new Object();
    private final InMemoryLocks locks;
    private final Map<String, StateEntry> state = new HashMap<>();
    private final Map<String, Election> elections = new HashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final MetricsCounters metrics = new MetricsCounters();
    private final InMemoryPubSub pubSub;
    private long revision;
    private volatile boolean closed;

    /**
     * A coordinator with its own daemon timer thread and the monotonic system clock.
     *
     * @param nodeId this node's id
     */
    public InMemoryCoordinator(String nodeId) {
        this(nodeId, DeliverySettings.defaults(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camel-stable-coordinator-" + nodeId);
            t.setDaemon(true);
            return t;
        }));
    }

    private InMemoryCoordinator(String nodeId, DeliverySettings settings, ScheduledExecutorService executor) {
        this(nodeId, new ScheduledExecutorDelayScheduler(executor), () -> System.nanoTime() / 1_000_000, settings,
                executor);
    }

    /**
     * A coordinator on the given timers and clock (tests pass a manual one).
     *
     * @param nodeId      this node's id
     * @param scheduler   runs leases, wait timeouts, renewals and redeliveries
     * @param clockMillis the current time in milliseconds, non-decreasing
     * @param settings    the pub/sub bounds
     */
    public InMemoryCoordinator(String nodeId, DelayScheduler scheduler, LongSupplier clockMillis,
                               DeliverySettings settings) {
        this(nodeId, scheduler, clockMillis, settings, null);
    }

    private InMemoryCoordinator(String nodeId, DelayScheduler scheduler, LongSupplier clockMillis,
                                DeliverySettings settings, ScheduledExecutorService ownedExecutor) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
        this.ownedExecutor = ownedExecutor;
        this.pubSub = new InMemoryPubSub(scheduler, clockMillis, Objects.requireNonNull(settings, "settings"),
                metrics);
        this.locks = new InMemoryLocks(this, scheduler, clockMillis, metrics);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    // ---- locks (InMemoryLocks, under this coordinator's mutex)

    @Override
    public CompletableFuture<LockResult> acquireLock(String key, LockOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        return locks.acquire(key, options);
    }

    @Override
    public CompletableFuture<Boolean> renew(LockHandle handle) {
        return locks.renew(handle);
    }

    @Override
    public CompletableFuture<Boolean> releaseLock(LockHandle handle) {
        return locks.release(handle);
    }

    @Override
    public CompletableFuture<Boolean> validateFencingToken(String key, long token) {
        return locks.validate(key, token);
    }

    /**
     * Runs {@code body} under the mutex, then the callbacks it collected (lease lost, hand-over, events)
     * after the mutex is released, so a callback may call the coordinator again.
     */
    <T> CompletableFuture<T> underMutex(Function<List<Runnable>, T> body) {
        List<Runnable> after = new ArrayList<>();
        T result;
        synchronized (mutex) {
            result = body.apply(after);
        }
        after.forEach(Runnable::run);
        return CompletableFuture.completedFuture(result);
    }

    // ---- state

    @Override
    public CompletableFuture<Optional<Versioned<Object>>> getState(String key) {
        return stateOperation(() -> Optional.ofNullable(live(key)).map(InMemoryCoordinator::view));
    }

    @Override
    public CompletableFuture<Versioned<Object>> setState(String key, Object value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long ttlMillis = ttl == null ? 0 : ttl.toMillis();
        return stateOperation(() -> view(write(key, value, ++revision, ttlMillis)));
    }

    @Override
    public CompletableFuture<Boolean> deleteState(String key) {
        return stateOperation(() -> {
            boolean existed = live(key) != null;
            remove(key);
            return existed;
        });
    }

    @Override
    public CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return stateOperation(() -> {
            StateEntry current = live(key);
            long currentVersion = current == null ? 0 : current.version();
            if (currentVersion != expectedVersion) {
                return new CasResult(false, current == null ? null : view(current));
            }
            return new CasResult(true, view(write(key, value, ++revision, 0)));
        });
    }

    /** Runs a state operation under the mutex, counting it; fails once closed. */
    private <T> CompletableFuture<T> stateOperation(Supplier<T> body) {
        synchronized (mutex) {
            if (closed) {
                return closedFuture();
            }
            metrics.stateOperations.increment();
            return CompletableFuture.completedFuture(body.get());
        }
    }

    /** The live entry for a key, dropping it if it expired (the cleanup timer may not have run yet). */
    private StateEntry live(String key) {
        StateEntry entry = state.get(key);
        if (entry != null && !entry.liveAt(clock.getAsLong())) {
            remove(key);
            return null;
        }
        return entry;
    }

    private StateEntry write(String key, Object value, long version, long ttlMillis) {
        remove(key);
        long expiresAt = ttlMillis > 0 ? clock.getAsLong() + ttlMillis : Long.MAX_VALUE;
        Cancellable cleanup = ttlMillis > 0 ? scheduler.schedule(() -> expireState(key, version), ttlMillis)
                : Cancellable.NONE;
        StateEntry entry = new StateEntry(value, version, expiresAt, cleanup);
        state.put(key, entry);
        return entry;
    }

    private void writeKeepingExpiry(String key, Object value, long version, StateEntry previous) {
        if (previous == null || previous.expiresAt() == Long.MAX_VALUE) {
            write(key, value, version, 0);
            return;
        }
        // an increment keeps the remaining TTL instead of dropping it (seed defect 28)
        long remaining = Math.max(1, previous.expiresAt() - clock.getAsLong());
        write(key, value, version, remaining);
    }

    private void remove(String key) {
        StateEntry old = state.remove(key);
        if (old != null) {
            old.cleanup().cancel();
        }
    }

    private void expireState(String key, long version) {
        synchronized (mutex) {
            StateEntry entry = state.get(key);
            if (entry != null && entry.version() == version) {
                live(key);
            }
        }
    }

    private static Versioned<Object> view(StateEntry entry) {
        return new Versioned<>(entry.value(), entry.version());
    }

    // ---- leader election

    @Override
    public CompletableFuture<Leadership> campaign(String election, String candidateId) {
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(candidateId, "candidateId");
        if (closed) {
            return closedFuture();
        }
        return underMutex(after -> {
            Election e = elections.computeIfAbsent(election, k -> new Election());
            if (e.leader == null && !closed) {
                // single node: the configured members are this node alone, so a quorum of 1 of 1 is always met
                elect(election, e, candidateId, after);
            } else if (!candidateId.equals(e.leader)) {
                e.followers.add(candidateId);
            }
            return new Leadership(election, e.leader, e.epoch, candidateId.equals(e.leader));
        });
    }

    @Override
    public CompletableFuture<Boolean> resign(String election, String candidateId) {
        return underMutex(after -> {
            Election e = elections.get(election);
            if (e == null) {
                return false;
            }
            e.followers.remove(candidateId);
            if (!candidateId.equals(e.leader)) {
                return false;
            }
            revoke(election, e, after);
            Iterator<String> next = e.followers.iterator();
            if (next.hasNext() && !closed) {
                String successor = next.next();
                next.remove();
                elect(election, e, successor, after);
            }
            return true;
        });
    }

    @Override
    public CompletableFuture<Optional<Leadership>> getLeader(String election) {
        synchronized (mutex) {
            Election e = elections.get(election);
            if (e == null || e.leader == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(Optional.of(new Leadership(election, e.leader, e.epoch, true)));
        }
    }

    @Override
    public Cancellable onLeadershipChange(String election, Consumer<LeadershipEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        Election e;
        synchronized (mutex) {
            e = elections.computeIfAbsent(election, k -> new Election());
            e.listeners.add(listener);
        }
        return () -> e.listeners.remove(listener);
    }

    private void elect(String election, Election e, String candidateId, List<Runnable> after) {
        e.leader = candidateId;
        e.epoch++;
        metrics.leaderElections.increment();
        notify(e, new LeadershipEvent(election, LeadershipEvent.Type.ELECTED, candidateId, e.epoch), after);
    }

    private void revoke(String election, Election e, List<Runnable> after) {
        notify(e, new LeadershipEvent(election, LeadershipEvent.Type.REVOKED, e.leader, e.epoch), after);
        e.leader = null;
    }

    private static void notify(Election e, LeadershipEvent event, List<Runnable> after) {
        for (Consumer<LeadershipEvent> listener : e.listeners) {
            after.add(() -> listener.accept(event));
        }
    }

    // ---- pub/sub

    @Override
    public CompletableFuture<PublishResult> publish(String topic, Object message, PublishOptions options) {
        if (closed) {
            return closedFuture();
        }
        return CompletableFuture.completedFuture(pubSub.publish(topic, message, options));
    }

    @Override
    public CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler) {
        if (closed) {
            return closedFuture();
        }
        return CompletableFuture.completedFuture(pubSub.subscribe(topic, subscriberId, handler));
    }

    // ---- transactions and counters

    @Override
    public CompletableFuture<TransactionResult> executeTransaction(List<TxOperation> operations) {
        Objects.requireNonNull(operations, "operations");
        synchronized (mutex) {
            if (closed) {
                return closedFuture();
            }
            TransactionResult result = TransactionStaging.run(operations, key -> {
                StateEntry entry = live(key);
                return entry == null ? null : view(entry);
            }, revision);
            if (!result.committed()) {
                metrics.transactionsFailed.increment();
                return CompletableFuture.completedFuture(result);
            }
            // validated against a working copy under the mutex; apply now, in order, nothing can interleave
            for (int i = 0; i < operations.size(); i++) {
                TxOperation op = operations.get(i);
                Versioned<Object> after = result.results().get(i);
                if (after == null) {
                    remove(op.key());
                } else if (op.type() == TxOperation.Type.INCREMENT) {
                    writeKeepingExpiry(op.key(), after.value(), after.version(), live(op.key()));
                } else {
                    write(op.key(), after.value(), after.version(), 0);
                }
            }
            revision += operations.size(); // one revision per operation, as staged
            metrics.transactionsCommitted.increment();
            return CompletableFuture.completedFuture(result);
        }
    }

    @Override
    public CompletableFuture<Long> incrementCounter(String key, long delta) {
        if (closed) {
            return closedFuture();
        }
        return CompletableFuture.completedFuture(counters.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta));
    }

    @Override
    public CompletableFuture<Long> getCounter(String key) {
        AtomicLong counter = counters.get(key);
        return CompletableFuture.completedFuture(counter == null ? 0L : counter.get());
    }

    @Override
    public CoordinatorMetrics getMetrics() {
        return metrics.snapshot(nodeId);
    }

    @Override
    public void close() {
        List<Runnable> after = new ArrayList<>();
        synchronized (mutex) {
            if (closed) {
                return;
            }
            closed = true;
            locks.close(after, closedException());
            for (Map.Entry<String, Election> e : elections.entrySet()) {
                if (e.getValue().leader != null) {
                    revoke(e.getKey(), e.getValue(), after);
                }
                e.getValue().followers.clear();
            }
            state.values().forEach(s -> s.cleanup().cancel());
            state.clear();
        }
        pubSub.close();
        after.forEach(Runnable::run);
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(closedException());
    }

    boolean isClosed() {
        return closed;
    }

    Object mutex() {
        return mutex;
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("Coordinator " + nodeId + " is closed");
    }

}
