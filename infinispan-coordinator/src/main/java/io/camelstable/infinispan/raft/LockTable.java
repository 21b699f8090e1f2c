package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.camelstable.infinispan.ValueCodec;

/**
 * The replicated locks: one holder per key with a fencing token from one counter that only grows, and a FIFO
 * queue of waiters from every node. Deterministic: time is the applying command's time, never a clock.
 */
final class LockTable {

    /** The answer to an acquisition: granted (token, expiry), queued (until the holder's expiry) or refused. */
    record Grant(Outcome outcome, long token, long expiresAt) {
    }

    /** How an acquisition ended at the log. */
    enum Outcome {
        GRANTED, QUEUED, HELD
    }

    private static final class Holder {
        final String holderId;
        final long token;
        final long ttl;
        long expiresAt;

        Holder(String holderId, long token, long ttl, long expiresAt) {
            this.holderId = holderId;
            this.token = token;
            this.ttl = ttl;
            this.expiresAt = expiresAt;
        }
    }

    private record Waiter(String holderId, long ttl, long deadline) {
    }

    private static final class Entry {
        Holder holder;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    }

    private final Map<String, Entry> locks = new HashMap<>();
    private long lastToken;

    Grant acquire(String key, String holderId, long ttl, long wait, long now, MachineEvents events) {
        Entry entry = locks.computeIfAbsent(key, k -> new Entry());
        expire(key, entry, now, events);
        if (entry.holder == null && entry.waiters.isEmpty()) {
            Holder h = grant(entry, holderId, ttl, now);
            return new Grant(Outcome.GRANTED, h.token, h.expiresAt);
        }
        if (wait <= 0) {
            dropIfIdle(key, entry);
            return new Grant(Outcome.HELD, 0, entry.holder == null ? now : entry.holder.expiresAt);
        }
        entry.waiters.addLast(new Waiter(holderId, ttl, now + wait));
        return new Grant(Outcome.QUEUED, 0, entry.holder == null ? now : entry.holder.expiresAt);
    }

    /** @return the new expiry, or 0 if {@code token} no longer holds the lock */
    long renew(String key, String holderId, long token, long now, MachineEvents events) {
        Entry entry = locks.get(key);
        if (entry == null) {
            return 0;
        }
        expire(key, entry, now, events);
        Holder h = entry.holder;
        if (h == null || h.token != token || !h.holderId.equals(holderId)) {
            dropIfIdle(key, entry);
            return 0;
        }
        h.expiresAt = now + h.ttl; // from now, never from the old expiry
        return h.expiresAt;
    }

    boolean release(String key, String holderId, long token, long now, MachineEvents events) {
        Entry entry = locks.get(key);
        if (entry == null) {
            return false;
        }
        expire(key, entry, now, events);
        Holder h = entry.holder;
        boolean released = h != null && h.token == token && h.holderId.equals(holderId);
        if (released) {
            entry.holder = null;
            events.lockEnded(key, h.holderId, h.token, false);
            handOver(key, entry, now, events);
        }
        dropIfIdle(key, entry);
        return released;
    }

    /**
     * Takes a waiter out of the queue when its wait ended at its node.
     *
     * @return the grant if it got the lock before the cancel reached the log, else a refusal
     */
    Grant cancelWait(String key, String holderId, long now, MachineEvents events) {
        Entry entry = locks.get(key);
        if (entry == null) {
            return new Grant(Outcome.HELD, 0, now);
        }
        expire(key, entry, now, events);
        Holder h = entry.holder;
        Grant result;
        if (h != null && h.holderId.equals(holderId)) {
            result = new Grant(Outcome.GRANTED, h.token, h.expiresAt);
        } else {
            entry.waiters.removeIf(w -> w.holderId.equals(holderId));
            result = new Grant(Outcome.HELD, 0, h == null ? now : h.expiresAt);
        }
        dropIfIdle(key, entry);
        return result;
    }

    /** Applies a due expiry (a waiting node asks at the holder's expiry). @return the holder's expiry, or 0 */
    long touch(String key, long now, MachineEvents events) {
        Entry entry = locks.get(key);
        if (entry == null) {
            return 0;
        }
        expire(key, entry, now, events);
        long expiresAt = entry.holder == null ? 0 : entry.holder.expiresAt;
        dropIfIdle(key, entry);
        return expiresAt;
    }

    boolean validate(String key, long token, long now, MachineEvents events) {
        Entry entry = locks.get(key);
        if (entry == null) {
            return false;
        }
        expire(key, entry, now, events);
        boolean valid = entry.holder != null && entry.holder.token == token;
        dropIfIdle(key, entry);
        return valid;
    }

    private Holder grant(Entry entry, String holderId, long ttl, long now) {
        // one counter for every key, never reset: a key's tokens keep growing after its idle entry is dropped
        Holder h = new Holder(holderId, ++lastToken, ttl, now + ttl);
        entry.holder = h;
        return h;
    }

    private void expire(String key, Entry entry, long now, MachineEvents events) {
        Holder h = entry.holder;
        if (h != null && now >= h.expiresAt) {
            entry.holder = null;
            events.lockEnded(key, h.holderId, h.token, true);
            handOver(key, entry, now, events);
        }
    }

    private void handOver(String key, Entry entry, long now, MachineEvents events) {
        Iterator<Waiter> it = entry.waiters.iterator();
        while (it.hasNext()) {
            Waiter w = it.next();
            it.remove();
            if (w.deadline > now) { // a waiter whose node is gone or gave up is skipped
                Holder h = grant(entry, w.holderId, w.ttl, now);
                events.lockGranted(key, h.holderId, h.token, h.expiresAt);
                return;
            }
        }
    }

    private void dropIfIdle(String key, Entry entry) {
        if (entry.holder == null && entry.waiters.isEmpty()) {
            locks.remove(key);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(lastToken);
        out.writeInt(locks.size());
        for (Map.Entry<String, Entry> e : locks.entrySet()) {
            ValueCodec.writeString(out, e.getKey());
            Holder h = e.getValue().holder;
            out.writeBoolean(h != null);
            if (h != null) {
                ValueCodec.writeString(out, h.holderId);
                out.writeLong(h.token);
                out.writeLong(h.ttl);
                out.writeLong(h.expiresAt);
            }
            out.writeInt(e.getValue().waiters.size());
            for (Waiter w : e.getValue().waiters) {
                ValueCodec.writeString(out, w.holderId);
                out.writeLong(w.ttl);
                out.writeLong(w.deadline);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        locks.clear();
        lastToken = in.readLong();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            String key = ValueCodec.readString(in);
            Entry entry = new Entry();
            if (in.readBoolean()) {
                entry.holder = new Holder(ValueCodec.readString(in), in.readLong(), in.readLong(), in.readLong());
            }
            int waiters = in.readInt();
            for (int w = 0; w < waiters; w++) {
                entry.waiters.addLast(new Waiter(ValueCodec.readString(in), in.readLong(), in.readLong()));
            }
            locks.put(key, entry);
        }
    }
}
