package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TransactionStaging;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.ValueCodec;

/**
 * The replicated state values and counters. Versions come from one revision counter that only grows, so CAS
 * is never fooled by a delete and re-create (no ABA). Expiry is applied when a command touches a key, with the
 * command's time, plus a sweep every {@value #SWEEP_EVERY} writes so expired keys nobody reads do not pile up.
 */
final class StateTable {

    private static final int SWEEP_EVERY = 1024;

    private record Entry(Object value, long version, long expiresAt) {
    }

    private final Map<String, Entry> values = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private long revision;
    private int writesSinceSweep;

    Versioned<Object> get(String key, long now) {
        Entry e = live(key, now);
        return e == null ? null : new Versioned<>(e.value, e.version);
    }

    Versioned<Object> set(String key, Object value, long ttl, long now) {
        Entry e = new Entry(value, ++revision, ttl > 0 ? now + ttl : Long.MAX_VALUE);
        put(key, e, now);
        return new Versioned<>(value, e.version);
    }

    boolean delete(String key, long now) {
        boolean existed = live(key, now) != null;
        values.remove(key);
        return existed;
    }

    CasResult compareAndSwap(String key, long expected, Object value, long now) {
        Entry current = live(key, now);
        long currentVersion = current == null ? 0 : current.version;
        if (currentVersion != expected) {
            return new CasResult(false, current == null ? null : new Versioned<>(current.value, current.version));
        }
        Entry e = new Entry(value, ++revision, Long.MAX_VALUE);
        put(key, e, now);
        return new CasResult(true, new Versioned<>(value, e.version));
    }

    TransactionResult transaction(List<TxOperation> operations, long now) {
        TransactionResult result = TransactionStaging.run(operations, key -> get(key, now), revision);
        if (!result.committed()) {
            return result;
        }
        for (int i = 0; i < operations.size(); i++) {
            TxOperation op = operations.get(i);
            Versioned<Object> after = result.results().get(i);
            if (after == null) {
                values.remove(op.key());
            } else {
                Entry before = live(op.key(), now);
                // an increment keeps the remaining TTL (seed defect 28); SET and CAS replace the value and carry none
                long expiresAt = op.type() == TxOperation.Type.INCREMENT && before != null ? before.expiresAt
                        : Long.MAX_VALUE;
                put(op.key(), new Entry(after.value(), after.version(), expiresAt), now);
            }
        }
        revision += operations.size(); // one revision per operation, as staged
        return result;
    }

    long increment(String key, long delta) {
        return counters.merge(key, delta, Math::addExact);
    }

    long counter(String key) {
        return counters.getOrDefault(key, 0L);
    }

    private Entry live(String key, long now) {
        Entry e = values.get(key);
        if (e != null && now >= e.expiresAt) {
            values.remove(key);
            return null;
        }
        return e;
    }

    private void put(String key, Entry e, long now) {
        values.put(key, e);
        if (++writesSinceSweep >= SWEEP_EVERY) {
            writesSinceSweep = 0;
            values.values().removeIf(v -> now >= v.expiresAt);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(revision);
        out.writeInt(values.size());
        for (Map.Entry<String, Entry> e : values.entrySet()) {
            ValueCodec.writeString(out, e.getKey());
            ValueCodec.write(out, e.getValue().value);
            out.writeLong(e.getValue().version);
            out.writeLong(e.getValue().expiresAt);
        }
        out.writeInt(counters.size());
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            ValueCodec.writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    void readFrom(DataInput in) throws IOException {
        values.clear();
        counters.clear();
        revision = in.readLong();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            String key = ValueCodec.readString(in);
            values.put(key, new Entry(ValueCodec.read(in), in.readLong(), in.readLong()));
        }
        int counterCount = in.readInt();
        for (int i = 0; i < counterCount; i++) {
            counters.put(ValueCodec.readString(in), in.readLong());
        }
    }
}
