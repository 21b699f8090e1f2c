package io.camelstable.infinispan.cache;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.commons.TimeoutException;
import org.infinispan.context.Flag;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TransactionStaging;
import io.camelstable.coordination.TransactionStatus;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;

/**
 * Versioned state in a replicated, pessimistic transactional cache: each key maps to the packed value, its
 * version and its expiry (0: none). Versions come from one {@code StrongCounter}, taken after the current value
 * was read and written only if that value is still current, so a key's version strictly increases even across a
 * delete or an expiry (no ABA). Plain operations are the cache's async conditional writes (each an implicit
 * transaction); a multi-key transaction locks its keys in an Infinispan transaction on a small executor of its
 * own, because Infinispan's transactions are bound to a thread that waits.
 */
final class CacheState {

    static final String REVISION = "stable-default-revision";

    /** Unconditional writes retry on a lost race; a key written this often at once is reported, not spun on. */
    private static final int MAX_WRITE_TRIES = 100;

    private final Cache<String, String> cache;
    private final CacheCounters counters;
    private final Executor transactions;
    private final long timeoutMillis;

    CacheState(Cache<String, String> cache, CacheCounters counters, Executor transactions, long timeoutMillis) {
        this.cache = cache;
        this.counters = counters;
        this.transactions = transactions;
        this.timeoutMillis = timeoutMillis;
    }

    static long now() {
        return System.currentTimeMillis();
    }

    private static String pack(Object value, long version, long expiresAt) {
        return EntryCodec.pack(value, version, expiresAt);
    }

    private static Versioned<Object> versioned(String packed) {
        if (packed == null) {
            return null;
        }
        List<?> fields = EntryCodec.unpack(packed);
        return new Versioned<>(fields.get(0), EntryCodec.longAt(fields, 1));
    }

    private static long expiresAt(String packed) {
        return packed == null ? 0 : EntryCodec.longAt(EntryCodec.unpack(packed), 2);
    }

    /** Writes only if the key still holds {@code old} (absent when null); a TTL of 0 or less never expires. */
    private CompletableFuture<Boolean> writeIfUnchanged(String key, String old, String next, long ttlMillis) {
        long lifespan = ttlMillis > 0 ? ttlMillis : -1;
        if (old == null) {
            return cache.putIfAbsentAsync(key, next, lifespan, TimeUnit.MILLISECONDS).thenApply(p -> p == null);
        }
        return cache.replaceAsync(key, old, next, lifespan, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Optional<Versioned<Object>>> get(String key) {
        return cache.getAsync(key).thenApply(packed -> Optional.ofNullable(versioned(packed)));
    }

    CompletableFuture<Versioned<Object>> set(String key, Object value, long ttlMillis) {
        return set(key, value, ttlMillis, MAX_WRITE_TRIES);
    }

    private CompletableFuture<Versioned<Object>> set(String key, Object value, long ttlMillis, int triesLeft) {
        return cache.getAsync(key).thenCompose(old -> counters.add(REVISION, 1).thenCompose(version -> {
            String next = pack(value, version, ttlMillis > 0 ? now() + ttlMillis : 0);
            return writeIfUnchanged(key, old, next, ttlMillis).thenCompose(written -> {
                if (written) {
                    return CompletableFuture.completedFuture(new Versioned<>(value, version));
                }
                if (triesLeft <= 1) {
                    return CompletableFuture.failedFuture(new IllegalStateException("State key " + key
                            + " was written by others " + MAX_WRITE_TRIES + " times during one setState; try again"));
                }
                return set(key, value, ttlMillis, triesLeft - 1);
            });
        }));
    }

    CompletableFuture<Boolean> delete(String key) {
        return cache.removeAsync(key).thenApply(previous -> previous != null);
    }

    CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value) {
        return cache.getAsync(key).thenCompose(old -> {
            Versioned<Object> current = versioned(old);
            if ((current == null ? 0 : current.version()) != expectedVersion) {
                return CompletableFuture.completedFuture(new CasResult(false, current));
            }
            // the version is taken after the read, so it exceeds the one it replaces
            return counters.add(REVISION, 1).thenCompose(version -> writeIfUnchanged(key, old,
                    pack(value, version, 0), 0).thenCompose(written -> written
                            ? CompletableFuture.completedFuture(new CasResult(true, new Versioned<>(value, version)))
                            : cache.getAsync(key).thenApply(now -> new CasResult(false, versioned(now)))));
        });
    }

    CompletableFuture<TransactionResult> transaction(List<TxOperation> operations) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runTransaction(operations);
            } catch (RollbackException | TimeoutException e) {
                return new TransactionResult(e instanceof TimeoutException ? TransactionStatus.TIMEOUT
                        : TransactionStatus.FAILED, List.of(), "Nothing applied: " + e.getMessage());
            } catch (Exception e) {
                throw new IllegalStateException("Transaction failed: " + e.getMessage(), e);
            }
        }, transactions);
    }

    /** Blocks its (dedicated) thread: Infinispan's transactions are bound to the thread that runs them. */
    private TransactionResult runTransaction(List<TxOperation> operations) throws Exception {
        TransactionManager tm = cache.getAdvancedCache().getTransactionManager();
        AdvancedCache<String, String> locking = cache.getAdvancedCache().withFlags(Flag.FORCE_WRITE_LOCK);
        tm.begin();
        boolean finished = false;
        try {
            Map<String, String> read = new HashMap<>();
            // keys locked in one order by every transaction, so two transactions cannot deadlock
            for (String key : new TreeSet<>(operations.stream().map(TxOperation::key).toList())) {
                read.put(key, locking.get(key));
            }
            long last = revisions(tm, operations.size());
            TransactionResult result = TransactionStaging.run(operations, k -> versioned(read.get(k)),
                    last - operations.size());
            if (!result.committed()) {
                tm.rollback();
                finished = true;
                return result;
            }
            writeFinalValues(locking, operations, result, read);
            tm.commit();
            finished = true;
            return result;
        } finally {
            if (!finished) {
                rollbackQuietly(tm);
            }
        }
    }

    /** Takes the versions after the keys are locked, so they exceed every version read (the counter is not tx). */
    private long revisions(TransactionManager tm, int count) throws Exception {
        Transaction tx = tm.suspend();
        try {
            return counters.add(REVISION, count).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            tm.resume(tx);
        }
    }

    /** Writes each key's last staged value; an INCREMENT keeps the key's remaining TTL, SET and CAS drop it. */
    private static void writeFinalValues(AdvancedCache<String, String> cache, List<TxOperation> operations,
                                         TransactionResult result, Map<String, String> read) {
        Map<String, Versioned<Object>> values = new LinkedHashMap<>();
        Map<String, Long> expiries = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            TxOperation op = operations.get(i);
            long before = expiries.computeIfAbsent(op.key(), k -> expiresAt(read.get(k)));
            expiries.put(op.key(), op.type() == TxOperation.Type.INCREMENT ? before : 0L);
            values.put(op.key(), result.results().get(i));
        }
        values.forEach((key, value) -> {
            if (value == null) {
                cache.remove(key);
                return;
            }
            long expiresAt = expiries.get(key);
            long lifespan = expiresAt == 0 ? -1 : Math.max(1, expiresAt - now());
            cache.put(key, pack(value.value(), value.version(), expiresAt), lifespan, TimeUnit.MILLISECONDS);
        });
    }

    private static void rollbackQuietly(TransactionManager tm) {
        try {
            tm.rollback();
        } catch (Exception e) {
            // already rolled back or never begun: nothing was applied
        }
    }
}
