package io.camelstable.infinispan.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.infinispan.Cache;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TransactionStaging;
import io.camelstable.coordination.TransactionStatus;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;

/**
 * Versioned state in a replicated, non-transactional cache: each key maps to a {@link StateEntry} (the value, its
 * version and its expiry). A write to an existing key is one conditional write of version + 1 on the entry as
 * read. A key that starts a new life (never written, deleted or expired) gets a fresh base from one
 * {@code StrongCounter}, taken while the writer holds the key with a marker ({@link KeySequence}), so a key's
 * version strictly increases and never repeats, even across a delete or an expiry (no ABA). Multi-key
 * transactions hold their keys with markers too ({@link MarkedWrites}); a plain write that meets a marker waits
 * for it to go, and a read sees the value the marker holds, the last committed one.
 */
final class CacheState {

    /** Unconditional writes retry on a lost race; a key written this often at once is reported, not spun on. */
    private static final int MAX_WRITE_TRIES = 100;
    /** How long a plain write waits for a held key beyond the holder's own wait: the holder's commit time. */
    private static final long PLAIN_WAIT_EXTRA_MILLIS = MarkedWrites.COMMIT_GRACE_MILLIS + 500;

    private final Cache<String, String> cache;
    private final KeySequence versions;
    private final MarkedWrites marked;
    private final long plainWaitMillis;

    CacheState(Cache<String, String> cache, KeySequence versions, MarkedWrites marked, long timeoutMillis) {
        this.cache = cache;
        this.versions = versions;
        this.marked = marked;
        this.plainWaitMillis = timeoutMillis + PLAIN_WAIT_EXTRA_MILLIS;
    }

    private static long now() {
        return MarkedWrites.now();
    }

    private static Versioned<Object> visible(StateEntry entry) {
        return entry == null ? null : entry.visible(now());
    }

    private static long liveVersion(StateEntry entry) {
        return entry == null ? 0 : entry.liveVersion(now());
    }

    /** The state of one plain write's retries: lost races and waits on held keys, both bounded. */
    private final class Tries {
        final long waitUntil = now() + plainWaitMillis;
        int lost;
        int waited;

        /** Runs {@code again} after a lost race, or fails after {@value #MAX_WRITE_TRIES} of them. */
        <T> CompletableFuture<T> afterLostRace(String key, Supplier<CompletableFuture<T>> again) {
            if (++lost >= MAX_WRITE_TRIES) {
                return CompletableFuture.failedFuture(new IllegalStateException("State key " + key
                        + " was written by others " + MAX_WRITE_TRIES + " times during one write; try again"));
            }
            return again.get();
        }

        /** Runs {@code again} once the marker read is gone (or resolved). */
        <T> CompletableFuture<T> afterMarker(String key, String packed, StateEntry entry,
                                             Supplier<CompletableFuture<T>> again) {
            return marked.released(key, packed, entry, waited++, waitUntil).thenCompose(x -> again.get());
        }

        /** Runs {@code again} if the writer's markers were resolved by others, else passes the failure on. */
        <T> CompletableFuture<T> afterHold(String key, CompletableFuture<T> held, Supplier<CompletableFuture<T>> again) {
            return held.exceptionallyCompose(e -> MarkedWrites.unwrap(e) instanceof MarkedWrites.MarkersLost
                    ? afterLostRace(key, again) : CompletableFuture.failedFuture(MarkedWrites.unwrap(e)));
        }
    }

    CompletableFuture<Optional<Versioned<Object>>> get(String key) {
        return cache.getAsync(key).thenApply(packed -> Optional.ofNullable(visible(StateEntry.parse(packed))));
    }

    CompletableFuture<Versioned<Object>> set(String key, Object value, long ttlMillis) {
        return set(key, value, ttlMillis > 0 ? now() + ttlMillis : 0, new Tries());
    }

    private CompletableFuture<Versioned<Object>> set(String key, Object value, long expiresAt, Tries tries) {
        Supplier<CompletableFuture<Versioned<Object>>> again = () -> set(key, value, expiresAt, tries);
        return cache.getAsync(key).thenCompose(packed -> {
            StateEntry entry = StateEntry.parse(packed);
            if (entry != null && entry.isMarked()) {
                return tries.afterMarker(key, packed, entry, again);
            }
            long next = KeySequence.successor(liveVersion(entry));
            if (next == 0) {
                // a new life (or the end of a span): its base is taken while holding the key
                return tries.afterHold(key, marked.hold(List.of(key), held -> versions.next(liveVersion(held.get(key)))
                        .thenApply(version -> new MarkedWrites.Outcome<>(new Versioned<>(value, version),
                                Map.of(key, StateEntry.committed(value, version, expiresAt))))), again);
            }
            return replace(key, packed, value, next, expiresAt).thenCompose(written -> written != null
                    ? CompletableFuture.completedFuture(written) : tries.afterLostRace(key, again));
        });
    }

    /** One conditional write of the key's next version. @return what was written, or null if the key changed */
    private CompletableFuture<Versioned<Object>> replace(String key, String packed, Object value, long version,
                                                        long expiresAt) {
        return cache.replaceAsync(key, packed, StateEntry.committed(value, version, expiresAt),
                StateEntry.lifespan(expiresAt, now()), TimeUnit.MILLISECONDS)
                .thenApply(written -> written ? new Versioned<>(value, version) : null);
    }

    CompletableFuture<Boolean> delete(String key) {
        return delete(key, new Tries());
    }

    private CompletableFuture<Boolean> delete(String key, Tries tries) {
        Supplier<CompletableFuture<Boolean>> again = () -> delete(key, tries);
        return cache.getAsync(key).thenCompose(packed -> {
            StateEntry entry = StateEntry.parse(packed);
            if (entry == null) {
                return CompletableFuture.completedFuture(false);
            }
            if (entry.isMarked()) {
                return tries.afterMarker(key, packed, entry, again);
            }
            boolean live = entry.isLive(now());
            return cache.removeAsync(key, packed).thenCompose(removed -> removed
                    ? CompletableFuture.completedFuture(live) : tries.afterLostRace(key, again));
        });
    }

    CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value) {
        return compareAndSwap(key, expectedVersion, value, new Tries());
    }

    private CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value, Tries tries) {
        Supplier<CompletableFuture<CasResult>> again = () -> compareAndSwap(key, expectedVersion, value, tries);
        return cache.getAsync(key).thenCompose(packed -> {
            StateEntry entry = StateEntry.parse(packed);
            if (entry != null && entry.isMarked()) {
                return tries.afterMarker(key, packed, entry, again);
            }
            Versioned<Object> current = visible(entry);
            if ((current == null ? 0 : current.version()) != expectedVersion) {
                return CompletableFuture.completedFuture(new CasResult(false, current));
            }
            long next = KeySequence.successor(expectedVersion);
            if (next == 0) {
                return tries.afterHold(key, marked.hold(List.of(key), held -> {
                    Versioned<Object> now = visible(held.get(key));
                    if ((now == null ? 0 : now.version()) != expectedVersion) {
                        return CompletableFuture.completedFuture(MarkedWrites.Outcome.nothing(new CasResult(false, now)));
                    }
                    return versions.next(expectedVersion).thenApply(version -> new MarkedWrites.Outcome<>(
                            new CasResult(true, new Versioned<>(value, version)),
                            Map.of(key, StateEntry.committed(value, version, 0L))));
                }), again);
            }
            // a lost race: the key changed after the read, so the swap fails with what is there now
            return replace(key, packed, value, next, 0).thenCompose(written -> written != null
                    ? CompletableFuture.completedFuture(new CasResult(true, written))
                    : get(key).thenApply(now -> new CasResult(false, now.orElse(null))));
        });
    }

    CompletableFuture<TransactionResult> transaction(List<TxOperation> operations) {
        return marked.hold(operations.stream().map(TxOperation::key).toList(), held -> {
            // staged with negative placeholder versions (no caller expects one), numbered per key below
            TransactionResult staged = TransactionStaging.run(operations, k -> visible(held.get(k)),
                    -(operations.size() + 1L));
            if (!staged.committed()) {
                return CompletableFuture.completedFuture(MarkedWrites.Outcome.nothing(staged));
            }
            Map<String, Long> last = new HashMap<>();
            held.forEach((key, entry) -> last.put(key, liveVersion(entry)));
            return numbered(operations, staged, last, 0, new ArrayList<>()).thenApply(result ->
                    new MarkedWrites.Outcome<>(result, finalValues(operations, result, held)));
        }).exceptionally(failure -> {
            Throwable e = MarkedWrites.unwrap(failure);
            if (e instanceof MarkedWrites.MarkersLost || e instanceof MarkedWrites.WaitedTooLong) {
                return new TransactionResult(TransactionStatus.TIMEOUT, List.of(), "Nothing applied: "
                        + e.getMessage());
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Transaction failed: " + e, e);
        });
    }

    /**
     * Gives each staged value from {@code index} on its key's next version: the version held + 1 for each write to
     * the key (the keys are held, so nothing else writes them), or a fresh base for a key that starts a new life.
     */
    private CompletableFuture<TransactionResult> numbered(List<TxOperation> operations, TransactionResult staged,
                                                          Map<String, Long> last, int index,
                                                          List<Versioned<Object>> results) {
        if (index == operations.size()) {
            return CompletableFuture.completedFuture(new TransactionResult(TransactionStatus.COMMITTED, results,
                    null));
        }
        Versioned<Object> value = staged.results().get(index);
        if (value == null) {
            results.add(null); // a delete inside the transaction: a later write continues the key's versions
            return numbered(operations, staged, last, index + 1, results);
        }
        String key = operations.get(index).key();
        return versions.next(last.get(key)).thenCompose(version -> {
            last.put(key, version);
            results.add(new Versioned<>(value.value(), version));
            return numbered(operations, staged, last, index + 1, results);
        });
    }

    /**
     * @return each key's last staged value, packed (null: deleted); an INCREMENT keeps the key's remaining TTL,
     *         SET and CAS drop it
     */
    private static Map<String, String> finalValues(List<TxOperation> operations, TransactionResult result,
                                                   Map<String, StateEntry> held) {
        Map<String, Versioned<Object>> values = new LinkedHashMap<>();
        Map<String, Long> expiries = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            TxOperation op = operations.get(i);
            StateEntry before = held.get(op.key());
            long expiresAt = expiries.computeIfAbsent(op.key(),
                    k -> before != null && before.isLive(now()) ? before.expiresAt() : 0L);
            expiries.put(op.key(), op.type() == TxOperation.Type.INCREMENT ? expiresAt : 0L);
            values.put(op.key(), result.results().get(i));
        }
        Map<String, String> writes = new HashMap<>();
        values.forEach((key, value) -> writes.put(key, value == null ? null
                : StateEntry.committed(value.value(), value.version(), expiries.get(key))));
        return writes;
    }
}
