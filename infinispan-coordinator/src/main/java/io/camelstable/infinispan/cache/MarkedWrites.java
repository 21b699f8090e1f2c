package io.camelstable.infinispan.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.infinispan.Cache;

/**
 * Writes that hold one or more state keys, on a non-transactional cache: a writer marks its keys (one conditional
 * write each, in key order, so two writers never wait on each other in a circle), reads what they held, decides,
 * and then replaces each marker with the key's new value, or puts the old one back.
 * <p>
 * Why by hand: Infinispan's own transactions need a transactional cache, and there every plain write is an
 * implicit transaction that costs a second round trip (a CAS measured 1.40–1.50 × a raw {@code replace}); with
 * markers a plain write stays one conditional write (benchmarks/README.md, "Coordination latency").
 * <p>
 * A multi-key writer commits by writing its record ({@code tx\0<writer>} in the coordination cache) with
 * {@code putIfAbsent}: the plan of every key's new value. That write is the one point that decides: whoever
 * finds a marker whose deadline has passed (its writer crashed or stalled) reads the record and rolls the plan
 * forward, or, finding none, writes an ABORTED record first and puts the key's old value back. A late writer
 * then finds the ABORTED record and puts its own markers back. A single-key writer needs no record: its one
 * conditional replace of its marker is the decision, and a resolver's conditional restore is the other one.
 * ABORTED records live an hour, long after any writer could still try to commit (a writer never commits past its
 * own deadline); COMMITTED records are removed once every key is rolled forward.
 */
final class MarkedWrites {

    /** Prefix of a multi-key writer's record in the coordination cache. */
    static final String RECORD_PREFIX = "tx\u0000";
    /** How long a marker may outlive its writer's lock wait: the time to decide and commit. */
    static final long COMMIT_GRACE_MILLIS = 1000;

    private static final String COMMITTED = "COMMITTED";
    private static final String ABORTED = EntryCodec.pack("ABORTED");
    private static final long ABORTED_LIFESPAN_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final long MAX_BACKOFF_MILLIS = 16;

    private final Cache<String, String> state;
    private final Cache<String, String> records;
    private final ScheduledExecutorService timers;
    private final String writerPrefix;
    private final long waitMillis;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param state        the state cache (non-transactional)
     * @param records      the cache for multi-key writers' records
     * @param timers       schedules the waits on a held key
     * @param incarnation  this node's unique id for this run: writer ids are it plus a sequence, never reused
     * @param waitMillis   how long a writer waits for its keys; its markers may be resolved by others
     *                     {@value #COMMIT_GRACE_MILLIS} ms after that
     */
    MarkedWrites(Cache<String, String> state, Cache<String, String> records, ScheduledExecutorService timers,
                 String incarnation, long waitMillis) {
        this.state = state;
        this.records = records;
        this.timers = timers;
        this.writerPrefix = incarnation;
        this.waitMillis = waitMillis;
    }

    /**
     * What a writer decided once it held its keys.
     *
     * @param result what the caller gets
     * @param writes each key's new packed entry (null: delete it); null to write nothing and put every key back
     */
    record Outcome<T>(T result, Map<String, String> writes) {

        static <T> Outcome<T> nothing(T result) {
            return new Outcome<>(result, null);
        }
    }

    /** A writer's markers were resolved by others before it committed: nothing it decided was applied. */
    static final class MarkersLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MarkersLost(String writer) {
            super("Writer " + writer + " outlived its deadline and was rolled back; nothing applied", null, false,
                    false);
        }
    }

    /** A key stayed held by another writer for longer than the wait allowed. */
    static final class WaitedTooLong extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WaitedTooLong(String key, long millis) {
            super("State key " + key + " stayed held by another writer for over " + millis + " ms", null, false,
                    false);
        }
    }

    /** One writer's hold on its keys. */
    private final class Hold {
        final String writer = writerPrefix + "-" + sequence.incrementAndGet();
        final long waitUntil = now() + waitMillis;
        final long deadline = waitUntil + COMMIT_GRACE_MILLIS;
        final List<String> keys;
        final boolean multiKey;
        final Map<String, String> markers = new LinkedHashMap<>();
        final Map<String, StateEntry> before = new HashMap<>();

        Hold(Collection<String> keys) {
            this.keys = new ArrayList<>(new TreeSet<>(keys));
            this.multiKey = this.keys.size() > 1;
        }

        String recordKey() {
            return RECORD_PREFIX + writer;
        }
    }

    static long now() {
        return System.currentTimeMillis();
    }

    /**
     * Marks {@code keys}, runs {@code decide} on what they held (null for an absent key), and commits its outcome
     * or puts the keys back. Fails with {@link WaitedTooLong} when a key stays held by another writer past the
     * wait, with {@link MarkersLost} when this writer overran its deadline; both apply nothing. A failure after
     * the commit point (the record written) leaves the commit to be finished by whoever meets a marker.
     */
    <T> CompletableFuture<T> hold(Collection<String> keys,
                                  Function<Map<String, StateEntry>, CompletableFuture<Outcome<T>>> decide) {
        Hold hold = new Hold(keys);
        return markFrom(hold, 0).thenCompose(x -> decide.apply(hold.before)).handle((outcome, failure) -> {
            if (failure != null) {
                return putBack(hold).<T>thenCompose(x -> CompletableFuture.failedFuture(unwrap(failure)));
            }
            if (outcome.writes() == null) {
                return putBack(hold).thenApply(x -> outcome.result());
            }
            return commit(hold, outcome.writes()).thenApply(x -> outcome.result());
        }).thenCompose(Function.identity());
    }

    private CompletableFuture<Void> markFrom(Hold hold, int index) {
        if (index == hold.keys.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return mark(hold, hold.keys.get(index), 0).thenCompose(x -> markFrom(hold, index + 1));
    }

    private CompletableFuture<Void> mark(Hold hold, String key, int round) {
        return state.getAsync(key).thenCompose(packed -> {
            StateEntry entry = StateEntry.parse(packed);
            if (entry != null && entry.isMarked()) {
                return released(key, packed, entry, round, hold.waitUntil).thenCompose(x -> mark(hold, key, round + 1));
            }
            String marker = StateEntry.marked(entry, hold.writer, hold.deadline, hold.multiKey);
            CompletableFuture<Boolean> placed = packed == null
                    ? state.putIfAbsentAsync(key, marker).thenApply(Objects::isNull)
                    : state.replaceAsync(key, packed, marker);
            return placed.thenCompose(done -> {
                if (!done) {
                    return now() < hold.waitUntil ? mark(hold, key, round + 1)
                            : CompletableFuture.failedFuture(new WaitedTooLong(key, waitMillis));
                }
                hold.markers.put(key, marker);
                hold.before.put(key, entry);
                return CompletableFuture.completedFuture(null);
            });
        });
    }

    /**
     * Waits a little for a key another writer holds, or, once that writer's deadline has passed, finishes or undoes
     * its write. Completes when the caller should read the key again.
     *
     * @param packed    the marked entry as read
     * @param round     how many times the caller has waited on this key (the wait grows up to 16 ms)
     * @param waitUntil when to give up with {@link WaitedTooLong}
     */
    CompletableFuture<Void> released(String key, String packed, StateEntry marked, int round, long waitUntil) {
        long now = now();
        if (now >= marked.deadline()) {
            return resolve(key, packed, marked);
        }
        if (now >= waitUntil) {
            return CompletableFuture.failedFuture(new WaitedTooLong(key, waitMillis));
        }
        long delay = Math.min(Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(round, 4)), marked.deadline() - now);
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS,
                timers));
    }

    /** Decides the fate of a marker whose writer overran its deadline, and applies it to every key it can. */
    private CompletableFuture<Void> resolve(String key, String packed, StateEntry marked) {
        if (!marked.multiKey()) {
            return restore(key, packed, marked);
        }
        String recordKey = RECORD_PREFIX + marked.writer();
        return records.getAsync(recordKey).thenCompose(record -> record != null
                ? CompletableFuture.completedFuture(record)
                : records.putIfAbsentAsync(recordKey, ABORTED, ABORTED_LIFESPAN_MILLIS, TimeUnit.MILLISECONDS)
                        .thenApply(earlier -> earlier != null ? earlier : ABORTED)).thenCompose(decision -> {
                            if (ABORTED.equals(decision)) {
                                return restore(key, packed, marked);
                            }
                            return rollForward(marked.writer(), plan(decision))
                                    .thenCompose(x -> records.removeAsync(recordKey, decision))
                                    .thenApply(x -> null);
                        });
    }

    private CompletableFuture<Void> commit(Hold hold, Map<String, String> writes) {
        if (hold.keys.isEmpty()) {
            return CompletableFuture.completedFuture(null); // an empty transaction: nothing to write
        }
        if (!hold.multiKey) {
            String key = hold.keys.get(0);
            return apply(key, hold.markers.get(key), writes.get(key)).thenCompose(done -> done
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new MarkersLost(hold.writer)));
        }
        if (now() >= hold.deadline) {
            // others may be resolving these markers already: committing now could race their abort
            return putBack(hold).thenCompose(x -> CompletableFuture.failedFuture(new MarkersLost(hold.writer)));
        }
        String record = record(writes);
        return records.putIfAbsentAsync(hold.recordKey(), record).thenCompose(earlier -> {
            if (earlier != null) {
                return putBack(hold).thenCompose(x -> CompletableFuture.failedFuture(new MarkersLost(hold.writer)));
            }
            List<CompletableFuture<Boolean>> applied = new ArrayList<>();
            hold.markers.forEach((key, marker) -> applied.add(apply(key, marker, writes.get(key))));
            // the record is not waited for: once every key has its value nobody reads it, and one fewer round trip
            // is on the caller's path (if the removal is lost, the record stays as a small leftover entry)
            return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new))
                    .thenRun(() -> records.removeAsync(hold.recordKey(), record));
        });
    }

    /** Replaces each key still marked by {@code writer} with its planned value (others may be doing the same). */
    private CompletableFuture<Void> rollForward(String writer, Map<String, String> plan) {
        List<CompletableFuture<Boolean>> applied = new ArrayList<>();
        plan.forEach((key, value) -> applied.add(state.getAsync(key).thenCompose(packed -> {
            StateEntry entry = StateEntry.parse(packed);
            return entry != null && writer.equals(entry.writer()) ? apply(key, packed, value)
                    : CompletableFuture.completedFuture(false);
        })));
        return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
    }

    /** Replaces exactly {@code marker} with {@code value} (null: removes it). @return whether the marker was there */
    private CompletableFuture<Boolean> apply(String key, String marker, String value) {
        if (value == null) {
            return state.removeAsync(key, marker);
        }
        long lifespan = StateEntry.lifespan(StateEntry.parse(value).expiresAt(), now());
        return state.replaceAsync(key, marker, value, lifespan, TimeUnit.MILLISECONDS);
    }

    /** Puts back what a marker held, if the marker is still there (an expired value is not put back). */
    private CompletableFuture<Void> restore(String key, String marker, StateEntry marked) {
        String old = marked.isLive(now()) ? marked.committedPacked() : null;
        return apply(key, marker, old).thenApply(x -> null);
    }

    /** Puts back every key this writer marked; never fails (a marker already gone was resolved by others). */
    private CompletableFuture<Void> putBack(Hold hold) {
        List<CompletableFuture<Void>> restored = new ArrayList<>();
        hold.markers.forEach((key, marker) -> restored.add(restore(key, marker, StateEntry.parse(marker))));
        return CompletableFuture.allOf(restored.toArray(CompletableFuture[]::new)).exceptionally(e -> null);
    }

    private static String record(Map<String, String> writes) {
        List<Object> fields = new ArrayList<>();
        fields.add(COMMITTED);
        writes.forEach((key, value) -> {
            fields.add(key);
            fields.add(value);
        });
        return EntryCodec.pack(fields.toArray());
    }

    private static Map<String, String> plan(String record) {
        List<?> fields = EntryCodec.unpack(record);
        Map<String, String> plan = new LinkedHashMap<>();
        for (int i = 1; i < fields.size(); i += 2) {
            plan.put(EntryCodec.stringAt(fields, i), EntryCodec.stringAt(fields, i + 1));
        }
        return plan;
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
