package io.camelstable.infinispan.cache;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.Cache;

import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.LockStatus;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.infinispan.HeldLeases;

/**
 * Locks as cache entries {@code (holderId, ownerId, token, expiresAt)}: held with a lifespan of the lease TTL,
 * and kept after release as a free entry {@code ("", "", token, 0)} living {@value #FREE_LIFESPAN_MILLIS} ms, so
 * the key's last fencing token survives. Acquiring a free lock is one {@code replace(free, held)} with the token
 * + 1 ({@link KeySequence}); release is one {@code replace(held, free)}. A key without an entry (never locked,
 * its holder's lease expired, or its free entry gone) is won with {@code putIfAbsent} of a placeholder (token 0);
 * only then is a fresh base taken from a {@code StrongCounter} and written by {@code replace}, so the new token
 * was taken while this acquirer held the entry and exceeds every earlier holder's. Renewal is
 * {@code replace(old, new)} with a fresh lifespan from now. Waiters are not queued: each polls on timers (at the
 * holder's expiry, and with a short backoff) and tries at once when the lock is freed, removed or expires; the
 * wait timeout bounds it.
 */
final class CacheLocks {

    static final String FENCING = "stable-default-fencing";
    static final String PREFIX = "lock\u0000";

    /** How long a freed lock keeps its last token in the cache; after that the next acquirer takes a fresh base. */
    static final long FREE_LIFESPAN_MILLIS = 10 * 60 * 1000;

    private static final long MIN_POLL_MILLIS = 10;
    private static final long MAX_POLL_MILLIS = 200;

    /** One try's outcome: the lease, or when the entry that holds the lock ends (0 if unknown). */
    private record Attempt(CacheLease lease, long holderExpiresAt) {
    }

    private final class Waiter {
        final String key;
        final LockOptions options;
        final CompletableFuture<LockResult> future = new CompletableFuture<>();
        boolean settled;
        boolean inFlight;
        boolean again;
        int polls;
        Future<?> next;
        Future<?> timeout;

        Waiter(String key, LockOptions options) {
            this.key = key;
            this.options = options;
        }

        void start() {
            synchronized (this) {
                timeout = timers.schedule(this::timedOut, options.waitTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            tryNow();
        }

        void tryNow() {
            synchronized (this) {
                if (settled) {
                    return;
                }
                if (inFlight) {
                    again = true; // one try at a time: the next starts when this one ends
                    return;
                }
                inFlight = true;
                HeldLeases.cancel(next);
            }
            attempt(key, options).whenComplete(this::tried);
        }

        private void tried(Attempt attempt, Throwable error) {
            CacheLease won = attempt == null ? null : attempt.lease();
            boolean retryNow;
            synchronized (this) {
                inFlight = false;
                if (won != null && settled) {
                    release(won); // it gave up before the lock came: hand it on instead of holding it unused
                    return;
                }
                if (won != null) {
                    settled = true;
                    HeldLeases.cancel(timeout);
                }
                if (settled) {
                    forget(this);
                    if (won != null) {
                        callbacks.execute(() -> future.complete(new LockResult(LockStatus.ACQUIRED, won)));
                    }
                    return;
                }
                retryNow = again;
                again = false;
                if (!retryNow) {
                    long delay = Math.min(MAX_POLL_MILLIS, MIN_POLL_MILLIS << Math.min(polls++, 5));
                    if (attempt != null && attempt.holderExpiresAt() > 0) {
                        delay = Math.min(delay, Math.max(0, attempt.holderExpiresAt() - now()) + 5);
                    }
                    next = timers.schedule(this::tryNow, delay, TimeUnit.MILLISECONDS);
                }
            }
            if (retryNow) {
                tryNow();
            }
        }

        void timedOut() {
            synchronized (this) {
                if (settled) {
                    return;
                }
                settled = true;
                HeldLeases.cancel(next);
            }
            forget(this);
            metrics.lockConflicts.increment();
            callbacks.execute(() -> future.complete(new LockResult(LockStatus.TIMEOUT, null)));
        }

        void closed(String nodeId) {
            synchronized (this) {
                if (settled) {
                    return;
                }
                settled = true;
                HeldLeases.cancel(next);
                HeldLeases.cancel(timeout);
            }
            callbacks.execute(() -> future.completeExceptionally(
                    new IllegalStateException("Coordinator " + nodeId + " is closed")));
        }
    }

    private final Cache<String, String> cache;
    private final KeySequence tokens;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final String nodeId;
    private final String incarnation;
    private final MetricsCounters metrics;
    private final AtomicLong ids = new AtomicLong();
    private final HeldLeases<CacheLease> held;
    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();

    CacheLocks(Cache<String, String> cache, CacheCounters counters, ScheduledExecutorService timers, Executor callbacks,
               String nodeId, String incarnation, long safetyMargin, MetricsCounters metrics) {
        this.cache = cache;
        this.tokens = new KeySequence(counters, FENCING);
        this.timers = timers;
        this.callbacks = callbacks;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.metrics = metrics;
        this.held = new HeldLeases<>(timers, callbacks, safetyMargin, metrics, this::renew);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    CompletableFuture<LockResult> acquire(String key, LockOptions options) {
        if (options.waitTimeout().isZero()) {
            return attempt(key, options).thenApply(a -> {
                if (a.lease() != null) {
                    return new LockResult(LockStatus.ACQUIRED, a.lease());
                }
                metrics.lockConflicts.increment();
                return new LockResult(LockStatus.FAILED, null);
            });
        }
        Waiter w = new Waiter(key, options);
        waiting.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(w);
        w.start();
        return w.future;
    }

    private void forget(Waiter w) {
        waiting.computeIfPresent(w.key, (k, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    private CompletableFuture<Attempt> attempt(String key, LockOptions options) {
        String holderId = incarnation + "-" + ids.incrementAndGet();
        long sentAt = now();
        return cache.getAsync(PREFIX + key).thenCompose(current -> current == null
                ? create(key, holderId, options, sentAt) : take(key, current, holderId, options, sentAt));
    }

    /** The key has an entry: a free one is taken with its token + 1, conditional on it being still free. */
    private CompletableFuture<Attempt> take(String key, String current, String holderId, LockOptions options,
                                            long sentAt) {
        List<?> fields = EntryCodec.unpack(current);
        if (!EntryCodec.stringAt(fields, 0).isEmpty()) {
            return CompletableFuture.completedFuture(new Attempt(null, EntryCodec.longAt(fields, 3)));
        }
        long ttl = options.leaseTtl().toMillis();
        return tokens.next(EntryCodec.longAt(fields, 2)).thenCompose(token -> {
            String entry = EntryCodec.pack(holderId, nodeId, token, sentAt + ttl);
            return cache.replaceAsync(PREFIX + key, current, entry, ttl, TimeUnit.MILLISECONDS)
                    .thenApply(replaced -> new Attempt(replaced
                            ? granted(key, holderId, token, sentAt + ttl, options, entry) : null, 0));
        });
    }

    /** The key has no entry: won with a placeholder, then a fresh base as its token (taken while holding it). */
    private CompletableFuture<Attempt> create(String key, String holderId, LockOptions options, long sentAt) {
        long ttl = options.leaseTtl().toMillis();
        String placeholder = EntryCodec.pack(holderId, nodeId, 0L, sentAt + ttl);
        return cache.putIfAbsentAsync(PREFIX + key, placeholder, ttl, TimeUnit.MILLISECONDS).thenCompose(existing -> {
            if (existing != null) {
                return take(key, existing, holderId, options, sentAt);
            }
            return tokens.freshBase().thenCompose(token -> {
                String entry = EntryCodec.pack(holderId, nodeId, token, sentAt + ttl);
                return cache.replaceAsync(PREFIX + key, placeholder, entry, ttl, TimeUnit.MILLISECONDS)
                        .thenApply(replaced -> new Attempt(replaced
                                ? granted(key, holderId, token, sentAt + ttl, options, entry) : null, 0));
            }).whenComplete((a, e) -> {
                if (e != null) {
                    cache.removeAsync(PREFIX + key, placeholder); // no token: free the lock for the others
                }
            });
        });
    }

    /** Frees the lock, keeping its token in the entry, if it still holds what this lease last wrote. */
    private CompletableFuture<Boolean> free(CacheLease lease) {
        String free = EntryCodec.pack("", "", lease.fencingToken(), 0L);
        return cache.replaceAsync(PREFIX + lease.key(), lease.stored, free, FREE_LIFESPAN_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** @return whether {@code entry}, a lock's entry, is free (released, keeping its token) */
    static boolean isFree(String entry) {
        return EntryCodec.stringAt(EntryCodec.unpack(entry), 0).isEmpty();
    }

    private CacheLease granted(String key, String holderId, long token, long expiresAt, LockOptions options,
                               String entry) {
        CacheLease lease = new CacheLease(key, holderId, token, nodeId, options.leaseTtl().toMillis(),
                options.autoRenew(), expiresAt, entry);
        try {
            held.add(lease);
        } catch (RejectedExecutionException closing) {
            // won while this coordinator closes: still answered, so a waiter that gave up hands it on at once
            // (Waiter.tried) instead of leaving it held until its lease ends
        }
        return lease;
    }

    private boolean holds(CacheLease lease, String entry) {
        return entry != null && lease.holderId.equals(EntryCodec.stringAt(EntryCodec.unpack(entry), 0));
    }

    CompletableFuture<Boolean> renew(LockHandle handle) {
        CacheLease lease = held.ours(handle, CacheLease.class);
        if (lease == null) {
            return CompletableFuture.completedFuture(false);
        }
        long sentAt = now();
        String old = lease.stored;
        String next = EntryCodec.pack(lease.holderId, nodeId, lease.fencingToken(), sentAt + lease.ttlMillis());
        return cache.replaceAsync(PREFIX + lease.key(), old, next, lease.ttlMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(renewed -> {
                    if (renewed) {
                        lease.stored = next;
                        boolean extended = lease.extend(sentAt + lease.ttlMillis());
                        held.rearm(lease);
                        return CompletableFuture.completedFuture(extended);
                    }
                    return cache.getAsync(PREFIX + lease.key()).thenApply(current -> {
                        if (holds(lease, current)) {
                            lease.stored = current; // another renewal of this lease came first
                            return lease.isHeld();
                        }
                        held.lost(lease); // expired, or another holder took it
                        return false;
                    });
                });
    }

    CompletableFuture<Boolean> release(LockHandle handle) {
        CacheLease lease = held.ours(handle, CacheLease.class);
        return lease == null ? CompletableFuture.completedFuture(false) : release(lease, 3);
    }

    private CompletableFuture<Boolean> release(CacheLease lease, int triesLeft) {
        return free(lease).thenCompose(freed -> {
            if (freed) {
                held.released(lease);
                return CompletableFuture.completedFuture(true);
            }
            return cache.getAsync(PREFIX + lease.key()).thenCompose(current -> {
                if (holds(lease, current) && triesLeft > 1) {
                    lease.stored = current; // a renewal wrote it meanwhile
                    return release(lease, triesLeft - 1);
                }
                held.lost(lease);
                return CompletableFuture.completedFuture(false);
            });
        });
    }

    CompletableFuture<Boolean> validate(String key, long token) {
        return cache.getAsync(PREFIX + key).thenApply(entry -> {
            if (entry == null || token < 1) {
                return false;
            }
            List<?> fields = EntryCodec.unpack(entry);
            return EntryCodec.longAt(fields, 2) == token && now() < EntryCodec.longAt(fields, 3);
        });
    }

    /** @return whether this node has waiters for {@code key} */
    boolean hasWaiters(String key) {
        return waiting.containsKey(key);
    }

    /** The entry of {@code key} was freed, removed or expired: this node's waiters try at once. */
    void freed(String key) {
        Set<Waiter> ws = waiting.get(key);
        if (ws != null) {
            ws.forEach(Waiter::tryNow);
        }
    }

    /** Releases what this node holds (best effort), tells the holders their leases are lost, fails the waiters. */
    List<CompletableFuture<Boolean>> close() {
        List<CompletableFuture<Boolean>> releases = held.all().stream().map(this::free).toList();
        held.all().forEach(held::lost);
        waiting.values().forEach(ws -> ws.forEach(w -> w.closed(nodeId)));
        waiting.clear();
        return releases;
    }
}
