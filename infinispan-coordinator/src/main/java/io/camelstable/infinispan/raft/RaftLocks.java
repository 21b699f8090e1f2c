package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.LockStatus;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.infinispan.HeldLeases;
import io.camelstable.infinispan.ValueCodec;

/**
 * This node's side of the replicated locks: its leases (loss timers, auto-renewal) and its queued waiters (wait
 * timeouts, and a touch at the holder's expiry so a crashed holder's lock is handed over without waiting for
 * anyone else to call). Nothing blocks: every wait is a timer.
 */
final class RaftLocks {

    private final class Waiting {
        final String key;
        final String holderId;
        final LockOptions options;
        final long deadline;
        final CompletableFuture<LockResult> future = new CompletableFuture<>();
        boolean settled;
        Future<?> touch;
        Future<?> timeout;

        Waiting(String key, String holderId, LockOptions options) {
            this.key = key;
            this.holderId = holderId;
            this.options = options;
            this.deadline = System.currentTimeMillis() + options.waitTimeout().toMillis();
        }

        /** Granted by the log (by an event or the answer to a cancel, whichever comes first). */
        void granted(long token, long expiresAt) {
            synchronized (this) {
                if (settled) {
                    // it gave up before the grant reached it: hand the lock on instead of holding it unused
                    log.submit(Op.RELEASE, out -> {
                        ValueCodec.writeString(out, key);
                        ValueCodec.writeString(out, holderId);
                        out.writeLong(token);
                    });
                    waiting.remove(holderId);
                    return;
                }
                settled = true;
                HeldLeases.cancel(touch);
                HeldLeases.cancel(timeout);
            }
            waiting.remove(holderId);
            long ttl = options.leaseTtl().toMillis();
            LockResult result = acquired(key, holderId, token, Math.min(expiresAt, System.currentTimeMillis() + ttl),
                    options);
            callbacks.execute(() -> future.complete(result));
        }

        synchronized void timedOut() {
            if (!settled) {
                settled = true;
                HeldLeases.cancel(touch);
                metrics.lockConflicts.increment();
                callbacks.execute(() -> future.complete(new LockResult(LockStatus.TIMEOUT, null)));
            }
        }

        /** Asks the log to apply the holder's expiry when it is due, so the lock passes on at once. */
        synchronized void touchAt(long holderExpiresAt) {
            if (settled || holderExpiresAt <= 0 || holderExpiresAt >= deadline) {
                return;
            }
            HeldLeases.cancel(touch);
            long delay = Math.max(0, holderExpiresAt - System.currentTimeMillis()) + 5;
            touch = timers.schedule(() -> log.submit(Op.TOUCH_LOCK, Commands.strings(key))
                    .thenAccept(reply -> touchAt(readLong(reply.in()))), delay, TimeUnit.MILLISECONDS);
        }
    }

    private final LogClient log;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final String nodeId;
    private final String incarnation;
    private final MetricsCounters metrics;
    private final AtomicLong ids = new AtomicLong();
    private final HeldLeases<RaftLease> held;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    RaftLocks(LogClient log, ScheduledExecutorService timers, Executor callbacks, String nodeId, String incarnation,
              long safetyMargin, MetricsCounters metrics) {
        this.log = log;
        this.timers = timers;
        this.callbacks = callbacks;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.metrics = metrics;
        this.held = new HeldLeases<>(timers, callbacks, safetyMargin, metrics, this::renew);
    }

    CompletableFuture<LockResult> acquire(String key, LockOptions options) {
        String holderId = incarnation + "-" + ids.incrementAndGet();
        long ttl = options.leaseTtl().toMillis();
        long wait = options.waitTimeout().toMillis();
        // registered before sending: the grant can be applied here before the answer to this command arrives
        Waiting w = wait > 0 ? new Waiting(key, holderId, options) : null;
        if (w != null) {
            waiting.put(holderId, w);
        }
        return log.submit(Op.ACQUIRE, out -> {
            ValueCodec.writeString(out, key);
            ValueCodec.writeString(out, holderId);
            out.writeLong(ttl);
            out.writeLong(wait);
        }).thenCompose(reply -> {
            DataInput in = reply.in();
            try {
                LockTable.Outcome outcome = LockTable.Outcome.values()[in.readByte()];
                long token = in.readLong();
                long expiresAt = in.readLong();
                switch (outcome) {
                    case GRANTED -> {
                        waiting.remove(holderId);
                        // the lease counts from when this node sent the command: never longer than the log's
                        return CompletableFuture.completedFuture(
                                acquired(key, holderId, token, Math.min(expiresAt, reply.sentAt() + ttl), options));
                    }
                    case HELD -> {
                        metrics.lockConflicts.increment();
                        return CompletableFuture.completedFuture(new LockResult(LockStatus.FAILED, null));
                    }
                    default -> {
                        armWait(w);
                        w.touchAt(expiresAt);
                        return w.future;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).whenComplete((r, e) -> {
            if (e != null && w != null) {
                // the outcome is unknown: the waiter may sit in the log's queue, so keep it, settled, until its
                // wait is over; a grant that still comes is then handed on by granted() instead of held unused
                w.timedOut();
                timers.schedule(() -> waiting.remove(holderId, w), wait + ttl, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void armWait(Waiting w) {
        synchronized (w) {
            if (w.settled) {
                return;
            }
            long delay = Math.max(0, w.deadline - System.currentTimeMillis());
            w.timeout = timers.schedule(() -> log.submit(Op.CANCEL_WAIT, Commands.strings(w.key, w.holderId))
                    .whenComplete((reply, error) -> {
                        if (error != null) {
                            // unknown whether it left the queue: a grant that still comes is handed on by granted()
                            w.timedOut();
                            return;
                        }
                        try {
                            if (reply.in().readByte() == LockTable.Outcome.GRANTED.ordinal()) {
                                w.granted(reply.in().readLong(), reply.in().readLong());
                            } else {
                                waiting.remove(w.holderId);
                                w.timedOut();
                            }
                        } catch (IOException e) {
                            w.timedOut();
                        }
                    }), delay, TimeUnit.MILLISECONDS);
        }
    }

    private LockResult acquired(String key, String holderId, long token, long expiresAt, LockOptions options) {
        RaftLease lease = new RaftLease(key, holderId, token, nodeId, options.leaseTtl().toMillis(),
                options.autoRenew(), expiresAt);
        held.add(lease);
        return new LockResult(LockStatus.ACQUIRED, lease);
    }

    CompletableFuture<Boolean> renew(LockHandle handle) {
        RaftLease lease = held.ours(handle, RaftLease.class);
        if (lease == null) {
            return CompletableFuture.completedFuture(false);
        }
        return log.submit(Op.RENEW, out -> {
            ValueCodec.writeString(out, lease.key());
            ValueCodec.writeString(out, lease.holderId);
            out.writeLong(lease.fencingToken());
        }).thenApply(reply -> {
            long expiresAt = readLong(reply.in());
            if (expiresAt == 0) {
                held.lost(lease);
                return false;
            }
            boolean renewed = lease.extend(Math.min(expiresAt, reply.sentAt() + lease.ttlMillis()));
            held.rearm(lease);
            return renewed;
        });
    }

    CompletableFuture<Boolean> release(LockHandle handle) {
        RaftLease lease = held.ours(handle, RaftLease.class);
        if (lease == null) {
            return CompletableFuture.completedFuture(false);
        }
        return log.submit(Op.RELEASE, out -> {
            ValueCodec.writeString(out, lease.key());
            ValueCodec.writeString(out, lease.holderId);
            out.writeLong(lease.fencingToken());
        }).thenApply(reply -> {
            boolean released = readBoolean(reply.in());
            if (released) {
                held.released(lease);
            } else {
                held.lost(lease);
            }
            return released;
        });
    }

    CompletableFuture<Boolean> validate(String key, long token) {
        return log.submit(Op.VALIDATE, out -> {
            ValueCodec.writeString(out, key);
            out.writeLong(token);
        }).thenApply(reply -> readBoolean(reply.in()));
    }

    // ---- from the log (applier thread)

    void granted(String holderId, long token, long expiresAt) {
        Waiting w = waiting.get(holderId);
        if (w != null) {
            w.granted(token, expiresAt);
        }
    }

    void ended(String holderId, boolean lost) {
        RaftLease lease = held.get(holderId);
        if (lease != null && lost) {
            held.lost(lease);
        }
    }

    /** Releases what this node holds (best effort) and ends every local lease and wait. */
    List<CompletableFuture<Boolean>> close() {
        List<CompletableFuture<Boolean>> releases = held.all().stream().map(this::release).toList();
        held.all().forEach(held::lost);
        waiting.values().forEach(Waiting::timedOut);
        waiting.clear();
        return releases;
    }

    static long readLong(DataInput in) {
        try {
            return in.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean readBoolean(DataInput in) {
        try {
            return in.readBoolean();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
