package io.camelstable.infinispan.cache;

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

import org.infinispan.Cache;

import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.engine.Cancellable;
import io.camelstable.infinispan.HeldLeases;

/**
 * Leased elections as cache entries {@code (leaderId, incarnation, epoch, expiresAt)} with a lifespan of the
 * leader lease. A candidate wins an empty election with {@code putIfAbsent} of a placeholder (epoch 0), then takes
 * the epoch from a {@code StrongCounter} and writes it by {@code replace}, so every new leader's epoch exceeds
 * every earlier one's. Each local candidate campaigns every quarter lease: the leader's campaign renews with
 * {@code replace}, a follower's tries to take over once the entry expired. A local leader that has not renewed by
 * its lease end minus the safety margin steps down here first (REVOKED to this node's listeners) and gives the
 * epoch up. Every node sees every write of the replicated cache, so listeners everywhere get ELECTED and REVOKED,
 * each event once per node.
 */
final class CacheElections {

    static final String EPOCH = "stable-default-epoch";
    static final String PREFIX = "leader\u0000";

    /** A leader entry as stored. */
    private record Entry(String leaderId, String incarnation, long epoch, long expiresAt) {
        static Entry of(String packed) {
            if (packed == null) {
                return null;
            }
            List<?> f = EntryCodec.unpack(packed);
            return new Entry(EntryCodec.stringAt(f, 0), EntryCodec.stringAt(f, 1), EntryCodec.longAt(f, 2),
                    EntryCodec.longAt(f, 3));
        }
    }

    private static final class Candidate {
        final String election;
        final String id;
        Future<?> heartbeat;
        Future<?> takeover;
        Future<?> stepDown;
        /** The epoch this node believes it leads with, 0 when it does not lead. */
        long leadingEpoch;
        long leaseEnd;
        /** An epoch this candidate stepped down from: never resumed, its entry is removed at the next campaign. */
        long abandonedEpoch;
        /** The campaign on its way: one at a time per candidate, so it never races its own placeholder. */
        CompletableFuture<Leadership> inFlight;
        /** Whether to campaign again as soon as the one on its way ends (the leader left meanwhile). */
        boolean again;

        Candidate(String election, String id) {
            this.election = election;
            this.id = id;
        }
    }

    /** What this node's listeners of one election were told last. */
    private final class Local {
        final List<Consumer<LeadershipEvent>> listeners = new CopyOnWriteArrayList<>();
        String leaderId;
        long epoch;
        boolean revoked = true;

        synchronized void elected(String election, String id, long newEpoch) {
            if (newEpoch <= epoch) {
                return; // a renewal, or older news
            }
            if (!revoked) {
                publish(new LeadershipEvent(election, LeadershipEvent.Type.REVOKED, leaderId, epoch));
            }
            leaderId = id;
            epoch = newEpoch;
            revoked = false;
            metrics.leaderElections.increment();
            publish(new LeadershipEvent(election, LeadershipEvent.Type.ELECTED, id, newEpoch));
        }

        synchronized void revoked(String election, String id, long oldEpoch) {
            if (oldEpoch == epoch && !revoked) {
                revoked = true;
                publish(new LeadershipEvent(election, LeadershipEvent.Type.REVOKED, id, oldEpoch));
            }
        }

        private void publish(LeadershipEvent event) {
            for (Consumer<LeadershipEvent> l : listeners) {
                callbacks.execute(() -> l.accept(event));
            }
        }
    }

    private final Cache<String, String> cache;
    private final CacheCounters counters;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final String incarnation;
    private final long lease;
    private final long safetyMargin;
    private final MetricsCounters metrics;
    private final Map<String, Candidate> candidates = new ConcurrentHashMap<>();
    private final Map<String, Local> locals = new ConcurrentHashMap<>();

    CacheElections(Cache<String, String> cache, CacheCounters counters, ScheduledExecutorService timers,
                   Executor callbacks, String incarnation, long lease, long safetyMargin, MetricsCounters metrics) {
        this.cache = cache;
        this.counters = counters;
        this.timers = timers;
        this.callbacks = callbacks;
        this.incarnation = incarnation;
        this.lease = lease;
        this.safetyMargin = safetyMargin;
        this.metrics = metrics;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String id(String election, String candidateId) {
        return election + '\u0000' + candidateId;
    }

    private Local local(String election) {
        return locals.computeIfAbsent(election, k -> new Local());
    }

    private boolean ours(Candidate c, Entry e) {
        return e != null && c.id.equals(e.leaderId()) && incarnation.equals(e.incarnation());
    }

    private boolean active(Candidate c) {
        return candidates.get(id(c.election, c.id)) == c;
    }

    CompletableFuture<Leadership> campaign(String election, String candidateId) {
        return send(candidates.computeIfAbsent(id(election, candidateId), k -> new Candidate(election, candidateId)));
    }

    private CompletableFuture<Leadership> send(Candidate c) {
        CompletableFuture<Leadership> answer = new CompletableFuture<>();
        synchronized (c) {
            if (c.inFlight != null) {
                c.again = true;
                return c.inFlight;
            }
            c.inFlight = answer;
        }
        campaignOnce(c).whenComplete((leadership, error) -> {
            boolean again;
            synchronized (c) {
                c.inFlight = null;
                again = c.again && active(c);
                c.again = false;
                if (active(c) && c.heartbeat == null) {
                    // keep campaigning, also after an error: the cluster may be back at the next beat
                    c.heartbeat = timers.schedule(() -> beat(c), Math.max(1, lease / 4), TimeUnit.MILLISECONDS);
                }
            }
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(leadership);
            }
            if (again) {
                send(c);
            }
        });
        return answer;
    }

    private CompletableFuture<Leadership> campaignOnce(Candidate c) {
        String key = PREFIX + c.election;
        long sentAt = now();
        return cache.getAsync(key).thenCompose(packed -> {
            Entry current = Entry.of(packed);
            if (current == null) {
                return claim(c, sentAt);
            }
            if (ours(c, current)) {
                long abandoned;
                synchronized (c) {
                    abandoned = c.abandonedEpoch;
                }
                if (current.epoch() == 0 || current.epoch() == abandoned) {
                    // left over from a failed claim or a step-down: give it up and campaign for a new epoch
                    return cache.removeAsync(key, packed).thenCompose(removed -> claim(c, sentAt));
                }
                String renewed = EntryCodec.pack(c.id, incarnation, current.epoch(), sentAt + lease);
                return cache.replaceAsync(key, packed, renewed, lease, TimeUnit.MILLISECONDS).thenApply(ok -> ok
                        ? leading(c, current.epoch(), sentAt + lease) : follower(c, null));
            }
            return CompletableFuture.completedFuture(follower(c, current));
        });
    }

    private CompletableFuture<Leadership> claim(Candidate c, long sentAt) {
        String key = PREFIX + c.election;
        String placeholder = EntryCodec.pack(c.id, incarnation, 0L, sentAt + lease);
        return cache.putIfAbsentAsync(key, placeholder, lease, TimeUnit.MILLISECONDS).thenCompose(existing -> {
            if (existing != null) {
                return CompletableFuture.completedFuture(follower(c, Entry.of(existing)));
            }
            // the epoch is taken after the entry is won, so it exceeds every earlier leader's
            return counters.add(EPOCH, 1).thenCompose(epoch -> cache.replaceAsync(key, placeholder,
                    EntryCodec.pack(c.id, incarnation, epoch, sentAt + lease), lease, TimeUnit.MILLISECONDS)
                    .thenApply(ok -> ok ? leading(c, epoch, sentAt + lease) : follower(c, null)));
        });
    }

    /** The timer's slot is freed before sending: the answer may arrive before this task returns. */
    private void beat(Candidate c) {
        synchronized (c) {
            c.heartbeat = null;
        }
        send(c);
    }

    private Leadership follower(Candidate c, Entry leader) {
        if (leader == null) {
            return new Leadership(c.election, null, 0, false);
        }
        synchronized (c) {
            if (active(c) && c.takeover == null) {
                // the cache's expiry is a little later than the entry says: try shortly after, then at the beats
                long delay = Math.max(0, leader.expiresAt() - now()) + 10;
                c.takeover = timers.schedule(() -> {
                    synchronized (c) {
                        c.takeover = null;
                    }
                    send(c);
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
        return new Leadership(c.election, leader.epoch() == 0 ? null : leader.leaderId(), leader.epoch(), false);
    }

    private Leadership leading(Candidate c, long epoch, long leaseEnd) {
        synchronized (c) {
            if (!active(c) || epoch == c.abandonedEpoch) {
                return new Leadership(c.election, c.id, epoch, false); // resigned or stepped down meanwhile
            }
            c.leadingEpoch = epoch;
            c.leaseEnd = Math.max(c.leaseEnd, leaseEnd);
            HeldLeases.cancel(c.stepDown);
            long delay = Math.max(0, c.leaseEnd - safetyMargin - now());
            c.stepDown = timers.schedule(() -> stepDownIfStale(c), delay, TimeUnit.MILLISECONDS);
        }
        return new Leadership(c.election, c.id, epoch, true);
    }

    private void stepDownIfStale(Candidate c) {
        long epoch;
        synchronized (c) {
            if (c.leadingEpoch == 0 || now() < c.leaseEnd - safetyMargin) {
                return;
            }
            epoch = c.leadingEpoch;
            c.leadingEpoch = 0;
            c.abandonedEpoch = epoch;
        }
        local(c.election).revoked(c.election, c.id, epoch);
    }

    CompletableFuture<Boolean> resign(String election, String candidateId) {
        Candidate c = candidates.remove(id(election, candidateId));
        if (c != null) {
            synchronized (c) {
                c.leadingEpoch = 0;
                HeldLeases.cancel(c.heartbeat);
                HeldLeases.cancel(c.takeover);
                HeldLeases.cancel(c.stepDown);
            }
        }
        String key = PREFIX + election;
        return cache.getAsync(key).thenCompose(packed -> {
            Entry current = Entry.of(packed);
            if (current == null || current.epoch() == 0 || !candidateId.equals(current.leaderId())
                    || !incarnation.equals(current.incarnation())) {
                return CompletableFuture.completedFuture(false);
            }
            return cache.removeAsync(key, packed).thenApply(removed -> {
                if (removed) {
                    local(election).revoked(election, candidateId, current.epoch());
                }
                return removed;
            });
        });
    }

    CompletableFuture<Optional<Leadership>> leader(String election) {
        return cache.getAsync(PREFIX + election).thenApply(packed -> Optional.ofNullable(Entry.of(packed))
                .filter(e -> e.epoch() > 0).map(e -> new Leadership(election, e.leaderId(), e.epoch(), true)));
    }

    Cancellable listen(String election, Consumer<LeadershipEvent> listener) {
        Local l = local(election);
        l.listeners.add(listener);
        return () -> l.listeners.remove(listener);
    }

    boolean isLeading(String election, String candidateId) {
        Candidate c = candidates.get(id(election, candidateId));
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.leadingEpoch != 0 && now() < c.leaseEnd - safetyMargin;
        }
    }

    // ---- from the cache listener (every node sees every write)

    void written(String election, String packed) {
        Entry e = Entry.of(packed);
        if (e.epoch() > 0) {
            local(election).elected(election, e.leaderId(), e.epoch());
        }
    }

    void removed(String election, String packed) {
        Entry e = Entry.of(packed);
        if (e != null && e.epoch() > 0) {
            local(election).revoked(election, e.leaderId(), e.epoch());
        }
        // the leader resigned or its lease ran out: this node's candidates try at once
        candidates.values().stream().filter(c -> c.election.equals(election)).forEach(this::send);
    }

    /** Tells local listeners that this node's leaders stepped down and resigns its candidates (best effort). */
    List<CompletableFuture<Boolean>> close() {
        return candidates.values().stream().map(c -> {
            long epoch;
            synchronized (c) {
                epoch = c.leadingEpoch;
            }
            if (epoch != 0) {
                local(c.election).revoked(c.election, c.id, epoch);
            }
            return resign(c.election, c.id);
        }).toList();
    }
}
