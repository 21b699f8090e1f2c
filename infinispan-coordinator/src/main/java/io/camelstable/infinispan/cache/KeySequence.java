package io.camelstable.infinispan.cache;

import java.util.concurrent.CompletableFuture;

/**
 * Per-key numbers that strictly increase (state versions, fencing tokens) without a counter round trip on every
 * write. A key's number is stored in its entry and the next one is that number + 1, written by a conditional
 * write on the entry as read. Only when a key starts a new life (never written, deleted, expired, or its span
 * is used up) does it take a fresh base, {@code c × SPAN} with {@code c} from a cluster-wide counter.
 * <p>
 * Why a key's numbers never repeat: each life of a key runs from its base {@code c × SPAN} upwards and takes a
 * new base before it reaches {@code (c + 1) × SPAN}, so it stays inside spans whose {@code c} only it ever got
 * (a counter hands each value out once). Two lives of one key therefore use disjoint numbers.
 * <p>
 * Why they strictly increase: within a life, each write is conditional on the exact entry it read, whose number
 * was never stored before, so it succeeds only if nothing was written in between, and {@code + 1} exceeds every
 * earlier number. A new life's base is taken while its writer holds the key exclusively (the key's transaction
 * lock for state, a placeholder entry for a lock) and has seen the previous life end; every earlier span's
 * {@code c} was taken before that end, so the new {@code c} is larger and {@code c × SPAN} exceeds all their
 * numbers. A used-up span's successor is taken after reading the last entry and written conditionally on it,
 * which gives the same order. {@code KeySequenceTest} checks the edges of a span.
 */
final class KeySequence {

    /** Numbers per base: a key written 2^20 times in one life takes one more counter round trip. */
    static final long SPAN = 1L << 20;

    private final CacheCounters counters;
    private final String counter;

    KeySequence(CacheCounters counters, String counter) {
        this.counters = counters;
        this.counter = counter;
    }

    /**
     * @param  current the key's number as read (0 or less: the key has none)
     * @return         {@code current + 1}, or 0 when the key needs a {@link #freshBase()}: it has no number, or
     *                 {@code current + 1} would leave its span
     */
    static long successor(long current) {
        long next = current + 1;
        return current <= 0 || next % SPAN == 0 ? 0 : next;
    }

    /** @return a base no earlier life of any key used: {@code c × SPAN}, {@code c} from the counter (from 1) */
    CompletableFuture<Long> freshBase() {
        return counters.add(counter, 1).thenApply(KeySequence::base);
    }

    /** @return {@code c × SPAN}; an overflow (after 2^43 bases) fails instead of wrapping */
    static long base(long c) {
        return Math.multiplyExact(c, SPAN);
    }

    /** @return the successor of {@code current}, or a fresh base when it has none */
    CompletableFuture<Long> next(long current) {
        long next = successor(current);
        return next > 0 ? CompletableFuture.completedFuture(next) : freshBase();
    }
}
