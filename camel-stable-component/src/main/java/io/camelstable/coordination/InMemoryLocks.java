package io.camelstable.coordination;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.camelstable.engine.Cancellable;
import io.camelstable.engine.DelayScheduler;

/**
 * The {@link InMemoryCoordinator}'s locks: a holder and a FIFO queue of waiters per key, leases and waits on
 * timers, fencing tokens from one counter. Every change happens under the coordinator's one mutex (so a
 * transaction or a close sees locks and state in one order), and callbacks run after it is released.
 */
final class InMemoryLocks {

    private static final class LockEntry {
        InMemoryLease holder;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    }

    private static final class Waiter {
        final CompletableFuture<LockResult> future = new CompletableFuture<>();
        final LockOptions options;
        Cancellable timer = Cancellable.NONE;

        Waiter(LockOptions options) {
            this.options = options;
        }
    }

    private final InMemoryCoordinator coordinator;
    private final DelayScheduler scheduler;
    private final LongSupplier clock;
    private final MetricsCounters metrics;
    private final Map<String, LockEntry> locks = new HashMap<>();
    /** One counter for all keys, so a key's tokens keep increasing even after its idle entry is dropped. */
    private long lastFencingToken;

    InMemoryLocks(InMemoryCoordinator coordinator, DelayScheduler scheduler, LongSupplier clock,
                  MetricsCounters metrics) {
        this.coordinator = coordinator;
        this.scheduler = scheduler;
        this.clock = clock;
        this.metrics = metrics;
    }

    CompletableFuture<LockResult> acquire(String key, LockOptions options) {
        List<Runnable> after = new ArrayList<>();
        CompletableFuture<LockResult> result;
        synchronized (coordinator.mutex()) {
            if (coordinator.isClosed()) {
                return coordinator.closedFuture();
            }
            LockEntry entry = locks.computeIfAbsent(key, k -> new LockEntry());
            expireIfDue(key, entry, after);
            if (entry.holder == null && entry.waiters.isEmpty()) {
                result = CompletableFuture.completedFuture(grant(key, entry, options));
            } else if (options.waitTimeout().isZero()) {
                metrics.lockConflicts.increment();
                result = CompletableFuture.completedFuture(new LockResult(LockStatus.FAILED, null));
            } else {
                Waiter waiter = new Waiter(options);
                entry.waiters.addLast(waiter);
                // the wait is a timer, not a blocked thread
                waiter.timer = scheduler.schedule(() -> waitTimedOut(key, waiter), options.waitTimeout().toMillis());
                result = waiter.future;
            }
        }
        after.forEach(Runnable::run);
        return result;
    }

    CompletableFuture<Boolean> renew(LockHandle handle) {
        return coordinator.underMutex(after -> renewLocked(handle, after));
    }

    CompletableFuture<Boolean> release(LockHandle handle) {
        return coordinator.underMutex(after -> {
            LockEntry entry = locks.get(handle.key());
            if (entry == null) {
                return false;
            }
            expireIfDue(handle.key(), entry, after);
            boolean released = entry.holder != null && entry.holder == handle;
            if (released) {
                entry.holder.release();
                entry.holder = null;
                metrics.lockReleases.increment();
                handOver(handle.key(), entry, after);
            }
            dropIfIdle(handle.key(), entry);
            return released;
        });
    }

    CompletableFuture<Boolean> validate(String key, long token) {
        return coordinator.underMutex(after -> {
            LockEntry entry = locks.get(key);
            if (entry != null) {
                expireIfDue(key, entry, after);
            }
            return entry != null && entry.holder != null && entry.holder.fencingToken() == token;
        });
    }

    private LockResult grant(String key, LockEntry entry, LockOptions options) {
        long ttl = options.leaseTtl().toMillis();
        // the token is never reset, so it keeps increasing across expiry and re-acquisition
        InMemoryLease lease = new InMemoryLease(key, ++lastFencingToken, coordinator.nodeId(), ttl, options.autoRenew(),
                clock.getAsLong() + ttl);
        entry.holder = lease;
        scheduleLeaseTimers(lease);
        metrics.lockAcquisitions.increment();
        return new LockResult(LockStatus.ACQUIRED, lease);
    }

    private void scheduleLeaseTimers(InMemoryLease lease) {
        lease.expiryTimer.cancel();
        lease.renewTimer.cancel();
        lease.expiryTimer = scheduler.schedule(() -> leaseTimerFired(lease), lease.ttlMillis());
        if (lease.autoRenew()) {
            lease.renewTimer = scheduler.schedule(() -> renew(lease), Math.max(1, lease.ttlMillis() / 3));
        }
    }

    private boolean renewLocked(LockHandle handle, List<Runnable> after) {
        LockEntry entry = locks.get(handle.key());
        if (coordinator.isClosed() || entry == null) {
            return false;
        }
        expireIfDue(handle.key(), entry, after);
        if (entry.holder == null || entry.holder != handle) {
            return false;
        }
        InMemoryLease lease = entry.holder;
        // from now, not from the old expiry: a renewed lease never grows beyond one TTL
        lease.extend(clock.getAsLong() + lease.ttlMillis());
        scheduleLeaseTimers(lease);
        return true;
    }

    private void leaseTimerFired(InMemoryLease lease) {
        coordinator.underMutex(after -> {
            LockEntry entry = locks.get(lease.key());
            if (entry != null) {
                expireIfDue(lease.key(), entry, after);
                dropIfIdle(lease.key(), entry);
            }
            return null;
        });
    }

    /** Ends an expired lease (telling its holder) and hands the lock to the next waiter. */
    private void expireIfDue(String key, LockEntry entry, List<Runnable> after) {
        InMemoryLease holder = entry.holder;
        if (holder == null || clock.getAsLong() < holder.expiresAtMillis()) {
            return;
        }
        entry.holder = null;
        metrics.lockExpirations.increment();
        for (Consumer<LockHandle> listener : holder.lose()) {
            after.add(() -> listener.accept(holder));
        }
        handOver(key, entry, after);
    }

    private void handOver(String key, LockEntry entry, List<Runnable> after) {
        Waiter next = entry.waiters.pollFirst();
        if (next == null) {
            return;
        }
        next.timer.cancel();
        LockResult granted = grant(key, entry, next.options);
        after.add(() -> next.future.complete(granted));
    }

    private void dropIfIdle(String key, LockEntry entry) {
        if (entry.holder == null && entry.waiters.isEmpty() && locks.get(key) == entry) {
            locks.remove(key);
        }
    }

    private void waitTimedOut(String key, Waiter waiter) {
        boolean timedOut;
        synchronized (coordinator.mutex()) {
            LockEntry entry = locks.get(key);
            timedOut = entry != null && entry.waiters.remove(waiter);
            if (timedOut) {
                metrics.lockConflicts.increment();
                dropIfIdle(key, entry);
            }
        }
        if (timedOut) {
            waiter.future.complete(new LockResult(LockStatus.TIMEOUT, null));
        }
    }

    /**
     * Under the mutex, at close: every holder is told its lease is lost (it did not release it) and every waiter
     * fails with {@code closed}, after the mutex is released.
     */
    void close(List<Runnable> after, IllegalStateException closed) {
        for (LockEntry entry : locks.values()) {
            InMemoryLease holder = entry.holder;
            if (holder != null) {
                entry.holder = null;
                for (Consumer<LockHandle> listener : holder.lose()) {
                    after.add(() -> listener.accept(holder));
                }
            }
            for (Waiter waiter : entry.waiters) {
                waiter.timer.cancel();
                after.add(() -> waiter.future.completeExceptionally(closed));
            }
            entry.waiters.clear();
        }
    }
}
