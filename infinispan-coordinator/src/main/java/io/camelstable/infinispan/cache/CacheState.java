package io.camelstable.infinispan.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
 * version and its expiry (0: none). A write to an existing key is one conditional write of version + 1 on the
 * entry as read (each an implicit transaction, so it waits for a transaction holding the key); a key that starts
 * a new life (never written, deleted or expired) gets a fresh base from one {@code StrongCounter}, taken under
 * the key's transaction lock ({@link KeySequence}), so a key's version strictly increases and never repeats, even
 * across a delete or an expiry (no ABA). A multi-key transaction locks its keys in an Infinispan transaction on
 * a small executor of its own, because Infinispan's transactions are bound to a thread that waits.
 */
final class CacheState {

    static final String REVISION = "stable-default-revision";

    /** Unconditional writes retry on a lost race; a key written this often at once is reported, not spun on. */
    private static final int MAX_WRITE_TRIES = 100;

    private final Cache<String, String> cache;
    private final KeySequence versions;
    private final Executor transactions;
    private final long timeoutMillis;

    CacheState(Cache<String, String> cache, CacheCounters counters, Executor transactions, long timeoutMillis) {
        this.cache = cache;
        this.versions = new KeySequence(counters, REVISION);
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

    /**
     * Writes {@code value} as the key's next version if the key still holds {@code old}: version + 1 by one
     * conditional write, or, for an absent key ({@code old} null), a new life ({@link #create}). A TTL of 0 or less
     * never expires.
     *
     * @return the value written, or null if the key changed first (nothing written)
     */
    private CompletableFuture<Versioned<Object>> writeNext(String key, String old, Object value, long ttlMillis) {
        if (old == null) {
            return create(key, value, ttlMillis);
        }
        long lifespan = ttlMillis > 0 ? ttlMillis : -1;
        return versions.next(version(old)).thenCompose(version -> cache.replaceAsync(key, old,
                pack(value, version, ttlMillis > 0 ? now() + ttlMillis : 0), lifespan, TimeUnit.MILLISECONDS)
                .thenApply(written -> written ? new Versioned<>(value, version) : null));
    }

    CompletableFuture<Optional<Versioned<Object>>> get(String key) {
        return cache.getAsync(key).thenApply(packed -> Optional.ofNullable(versioned(packed)));
    }

    CompletableFuture<Versioned<Object>> set(String key, Object value, long ttlMillis) {
        return set(key, value, ttlMillis, MAX_WRITE_TRIES);
    }

    private CompletableFuture<Versioned<Object>> set(String key, Object value, long ttlMillis, int triesLeft) {
        return cache.getAsync(key).thenCompose(old -> writeNext(key, old, value, ttlMillis)).thenCompose(written -> {
            if (written != null) {
                return CompletableFuture.completedFuture(written);
            }
            if (triesLeft <= 1) {
                return CompletableFuture.failedFuture(new IllegalStateException("State key " + key
                        + " was written by others " + MAX_WRITE_TRIES + " times during one setState; try again"));
            }
            return set(key, value, ttlMillis, triesLeft - 1);
        });
    }

    private static long version(String packed) {
        return EntryCodec.longAt(EntryCodec.unpack(packed), 1);
    }

    /**
     * Starts a key's new life: under the key's transaction lock, if it is still absent, takes a fresh base (so it
     * exceeds every version of the key's earlier lives) and writes it. Runs on the transaction threads.
     *
     * @return the value written, or null if another writer created the key first (nothing written)
     */
    private CompletableFuture<Versioned<Object>> create(String key, Object value, long ttlMillis) {
        return inTransaction(locking -> {
            if (locking.get(key) != null) {
                return null;
            }
            long version = freshBase();
            long lifespan = ttlMillis > 0 ? ttlMillis : -1;
            locking.put(key, pack(value, version, ttlMillis > 0 ? now() + ttlMillis : 0), lifespan,
                    TimeUnit.MILLISECONDS);
            return new Versioned<>(value, version);
        }, Objects::nonNull).exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof CompletionException
                && e.getCause() != null ? e.getCause() : e));
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
            return writeNext(key, old, value, 0).thenCompose(written -> written != null
                    ? CompletableFuture.completedFuture(new CasResult(true, written))
                    : cache.getAsync(key).thenApply(now -> new CasResult(false, versioned(now))));
        });
    }

    CompletableFuture<TransactionResult> transaction(List<TxOperation> operations) {
        return inTransaction(locking -> {
            Map<String, String> read = new HashMap<>();
            // keys locked in one order by every transaction, so two transactions cannot deadlock
            for (String key : new TreeSet<>(operations.stream().map(TxOperation::key).toList())) {
                read.put(key, locking.get(key));
            }
            // staged with negative placeholder versions (no caller expects one), numbered per key below
            TransactionResult staged = TransactionStaging.run(operations, k -> versioned(read.get(k)),
                    -(operations.size() + 1L));
            if (!staged.committed()) {
                return staged;
            }
            TransactionResult result = numbered(operations, staged, read);
            writeFinalValues(locking, operations, result, read);
            return result;
        }, TransactionResult::committed).handle((result, failure) -> {
            Throwable e = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (e == null) {
                return result;
            }
            if (e instanceof RollbackException || e instanceof TimeoutException) {
                return new TransactionResult(e instanceof TimeoutException ? TransactionStatus.TIMEOUT
                        : TransactionStatus.FAILED, List.of(), "Nothing applied: " + e.getMessage());
            }
            throw new IllegalStateException("Transaction failed: " + e.getMessage(), e);
        });
    }

    /**
     * Gives each staged value its key's next version: the version read + 1 for each write to the key (the keys
     * are locked, so nothing else writes them), or a fresh base for a key that starts a new life.
     */
    private TransactionResult numbered(List<TxOperation> operations, TransactionResult staged,
                                       Map<String, String> read) throws Exception {
        Map<String, Long> last = new HashMap<>();
        read.forEach((key, packed) -> last.put(key, packed == null ? 0L : version(packed)));
        List<Versioned<Object>> results = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            Versioned<Object> value = staged.results().get(i);
            if (value == null) {
                results.add(null); // a delete inside the transaction: a later write continues the key's versions
                continue;
            }
            String key = operations.get(i).key();
            long next = KeySequence.successor(last.get(key));
            if (next == 0) {
                next = freshBase();
            }
            last.put(key, next);
            results.add(new Versioned<>(value.value(), next));
        }
        return new TransactionResult(TransactionStatus.COMMITTED, results, null);
    }

    /** One body run in an Infinispan transaction on its own thread, committed if {@code commit} accepts. */
    private interface TransactionBody<T> {
        T run(AdvancedCache<String, String> locking) throws Exception;
    }

    /**
     * Runs {@code body} in a transaction on the transaction threads, reading with {@code FORCE_WRITE_LOCK}; commits
     * if {@code commit} accepts its result, else rolls back. Blocks its (dedicated) thread: Infinispan's
     * transactions are bound to the thread that runs them.
     */
    private <T> CompletableFuture<T> inTransaction(TransactionBody<T> body, Predicate<T> commit) {
        return CompletableFuture.supplyAsync(() -> {
            TransactionManager tm = cache.getAdvancedCache().getTransactionManager();
            boolean finished = false;
            try {
                tm.begin();
                T result = body.run(cache.getAdvancedCache().withFlags(Flag.FORCE_WRITE_LOCK));
                if (commit.test(result)) {
                    tm.commit();
                } else {
                    tm.rollback();
                }
                finished = true;
                return result;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            } finally {
                if (!finished) {
                    rollbackQuietly(tm);
                }
            }
        }, transactions);
    }

    /** A fresh base, taken inside a transaction with the keys locked (the counter is not transactional). */
    private long freshBase() throws Exception {
        TransactionManager tm = cache.getAdvancedCache().getTransactionManager();
        Transaction tx = tm.suspend();
        try {
            return versions.freshBase().get(timeoutMillis, TimeUnit.MILLISECONDS);
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
