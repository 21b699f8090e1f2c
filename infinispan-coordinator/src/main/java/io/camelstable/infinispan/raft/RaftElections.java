package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.engine.Cancellable;
import io.camelstable.infinispan.HeldLeases;
import io.camelstable.infinispan.ValueCodec;

/**
 * This node's side of the replicated elections. Each local candidate campaigns again every quarter lease: the
 * leader's campaign renews its lease, a follower's keeps it live and, at the leader's expiry, takes over. A
 * local leader that has not renewed by its lease end minus the safety margin steps down here first (REVOKED
 * to this node's listeners) without waiting for the log: a node cut off from the majority stops leading before
 * anyone else can be elected. Listeners get every election's events in log order, each event once.
 */
final class RaftElections {

    private static final class Candidate {
        final String election;
        final String id;
        Future<?> heartbeat;
        Future<?> takeover;
        Future<?> stepDown;
        /** The epoch this node believes it leads with, 0 when it does not lead. */
        long leadingEpoch;
        long leaseEnd;

        Candidate(String election, String id) {
            this.election = election;
            this.id = id;
        }
    }

    private final class Local {
        final List<Consumer<LeadershipEvent>> listeners = new CopyOnWriteArrayList<>();
        LeadershipEvent last;

        /** Publishes an event unless it repeats the last one (a local step-down, then the log's revocation). */
        synchronized void publish(LeadershipEvent event) {
            if (event.equals(last)) {
                return;
            }
            last = event;
            for (Consumer<LeadershipEvent> l : listeners) {
                callbacks.execute(() -> l.accept(event));
            }
        }
    }

    private final LogClient log;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final long lease;
    private final long safetyMargin;
    private final MetricsCounters metrics;
    private final Map<String, Candidate> candidates = new ConcurrentHashMap<>();
    private final Map<String, Local> locals = new ConcurrentHashMap<>();

    RaftElections(LogClient log, ScheduledExecutorService timers, Executor callbacks, long lease, long safetyMargin,
                  MetricsCounters metrics) {
        this.log = log;
        this.timers = timers;
        this.callbacks = callbacks;
        this.lease = lease;
        this.safetyMargin = safetyMargin;
        this.metrics = metrics;
    }

    private static String id(String election, String candidateId) {
        return election + '\u0000' + candidateId;
    }

    private Local local(String election) {
        return locals.computeIfAbsent(election, k -> new Local());
    }

    CompletableFuture<Leadership> campaign(String election, String candidateId) {
        Candidate c = candidates.computeIfAbsent(id(election, candidateId), k -> new Candidate(election, candidateId));
        return send(c);
    }

    private CompletableFuture<Leadership> send(Candidate c) {
        return log.submit(Op.CAMPAIGN, out -> {
            ValueCodec.writeString(out, c.election);
            ValueCodec.writeString(out, c.id);
            out.writeLong(lease);
        }).thenApply(reply -> {
            ElectionTable.View view = readView(reply.in());
            Leadership leadership = view.leadership();
            synchronized (c) {
                if (candidates.get(id(c.election, c.id)) != c) {
                    return leadership; // resigned meanwhile
                }
                if (leadership.isLeader()) {
                    // the lease counts from when this node sent the renewal: never longer than the log's
                    leading(c, leadership.epoch(), Math.min(view.expiresAt(), reply.sentAt() + lease));
                } else {
                    scheduleTakeover(c, view.expiresAt());
                }
                scheduleHeartbeat(c);
            }
            return leadership;
        }).whenComplete((l, e) -> {
            if (e != null) {
                synchronized (c) {
                    if (candidates.get(id(c.election, c.id)) == c) {
                        scheduleHeartbeat(c); // keep campaigning: the cluster may be back at the next beat
                    }
                }
            }
        });
    }

    private void scheduleHeartbeat(Candidate c) {
        if (c.heartbeat == null) {
            c.heartbeat = timers.schedule(() -> beat(c), Math.max(1, lease / 4), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleTakeover(Candidate c, long leaderExpiresAt) {
        if (leaderExpiresAt <= 0 || c.takeover != null) {
            return;
        }
        long delay = Math.max(0, leaderExpiresAt - System.currentTimeMillis()) + 5;
        c.takeover = timers.schedule(() -> {
            synchronized (c) {
                c.takeover = null;
            }
            send(c);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The timer's slot is freed before sending: the answer may arrive before this task returns. */
    private void beat(Candidate c) {
        synchronized (c) {
            c.heartbeat = null;
        }
        send(c);
    }

    /** Called with the candidate's monitor held. */
    private void leading(Candidate c, long epoch, long leaseEnd) {
        boolean newly = c.leadingEpoch != epoch;
        c.leadingEpoch = epoch;
        c.leaseEnd = Math.max(c.leaseEnd, leaseEnd);
        if (c.stepDown != null) {
            c.stepDown.cancel(false);
        }
        long delay = Math.max(0, c.leaseEnd - safetyMargin - System.currentTimeMillis());
        c.stepDown = timers.schedule(() -> stepDownIfStale(c), delay, TimeUnit.MILLISECONDS);
        if (newly) {
            local(c.election).publish(new LeadershipEvent(c.election, LeadershipEvent.Type.ELECTED, c.id, epoch));
        }
    }

    private void stepDownIfStale(Candidate c) {
        long epoch;
        synchronized (c) {
            if (c.leadingEpoch == 0 || System.currentTimeMillis() < c.leaseEnd - safetyMargin) {
                return;
            }
            epoch = c.leadingEpoch;
            c.leadingEpoch = 0;
        }
        local(c.election).publish(new LeadershipEvent(c.election, LeadershipEvent.Type.REVOKED, c.id, epoch));
    }

    CompletableFuture<Boolean> resign(String election, String candidateId) {
        Candidate c = candidates.remove(id(election, candidateId));
        if (c != null) {
            synchronized (c) {
                HeldLeases.cancel(c.heartbeat);
                HeldLeases.cancel(c.takeover);
                HeldLeases.cancel(c.stepDown);
            }
        }
        return log.submit(Op.RESIGN, Commands.strings(election, candidateId))
                .thenApply(reply -> RaftLocks.readBoolean(reply.in()));
    }

    CompletableFuture<Optional<Leadership>> leader(String election) {
        return log.submit(Op.GET_LEADER, Commands.strings(election))
                .thenApply(reply -> Optional.ofNullable(readView(reply.in()).leadership()));
    }

    Cancellable listen(String election, Consumer<LeadershipEvent> listener) {
        Local l = local(election);
        l.listeners.add(listener);
        return () -> l.listeners.remove(listener);
    }

    /** @return whether this node believes {@code candidateId} leads {@code election} now */
    boolean isLeading(String election, String candidateId) {
        Candidate c = candidates.get(id(election, candidateId));
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.leadingEpoch != 0 && System.currentTimeMillis() < c.leaseEnd - safetyMargin;
        }
    }

    // ---- from the log (applier thread)

    void applied(LeadershipEvent event, long expiresAt) {
        Candidate c = candidates.get(id(event.election(), event.leaderId()));
        if (event.type() == LeadershipEvent.Type.ELECTED) {
            metrics.leaderElections.increment();
        }
        if (c != null) {
            synchronized (c) {
                if (event.type() == LeadershipEvent.Type.ELECTED) {
                    leading(c, event.epoch(), expiresAt);
                    return;
                }
                if (c.leadingEpoch == event.epoch()) {
                    c.leadingEpoch = 0;
                }
            }
        }
        local(event.election()).publish(event);
    }

    /** Resigns every local candidate (best effort) and tells local listeners that their leaders stepped down. */
    List<CompletableFuture<Boolean>> close() {
        List<CompletableFuture<Boolean>> resigns = candidates.values().stream()
                .map(c -> {
                    long epoch;
                    synchronized (c) {
                        epoch = c.leadingEpoch;
                        c.leadingEpoch = 0;
                    }
                    if (epoch != 0) {
                        local(c.election).publish(
                                new LeadershipEvent(c.election, LeadershipEvent.Type.REVOKED, c.id, epoch));
                    }
                    return resign(c.election, c.id);
                }).toList();
        return resigns;
    }

    private static ElectionTable.View readView(DataInput in) {
        try {
            if (!in.readBoolean()) {
                return new ElectionTable.View(null, 0);
            }
            String election = ValueCodec.readString(in);
            String leader = ValueCodec.readNullableString(in);
            long epoch = in.readLong();
            boolean isLeader = in.readBoolean();
            return new ElectionTable.View(new Leadership(election, leader, epoch, isLeader), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
