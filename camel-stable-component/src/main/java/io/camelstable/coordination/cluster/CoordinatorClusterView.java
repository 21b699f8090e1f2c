package io.camelstable.coordination.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.engine.Cancellable;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a {@link CoordinatorClusterService}: one coordinator election, named namespace prefix +
 * namespace, in which the local member is a candidate.
 * <p>
 * Leadership follows the coordinator's {@link LeadershipEvent}s and the answers to a refresh that campaigns every
 * refresh interval (campaigning again as leader changes nothing, so the same call confirms a leadership). The local
 * member stops leading at once, before anything else, when its leadership is REVOKED, when the coordinator answers
 * that it does not lead, when a refresh fails or when a refresh has not been answered by the next one; it then
 * resigns as well (best effort), so the others need not wait for a lease to end. A leadership claim whose epoch is
 * not newer than what the view has already seen end is ignored, so late answers cannot revive it.
 * <p>
 * The state ({@link #getLocalMember()}, {@link #getLeaderEpoch()}) changes on the thread that learns of the change;
 * Camel's leadership listeners ({@code master:}, {@code ClusteredRoutePolicy}) are told right after, one at a time
 * on the service's thread, and read the state then, so the last one told always sees the final state. When the
 * view stops, they are told on the stopping thread, as Camel's own views do. While the local member does not lead,
 * they are told so again on every refresh (see {@code refresh()} for why).
 */
public final class CoordinatorClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorClusterView.class);

    /** The leader as this view last learnt it. */
    private record Known(String leaderId, long epoch) {
    }

    private final CoordinatorClusterService service;
    private final Coordinator coordinator;
    private final String election;
    private final String memberId;
    private final long refreshMillis;
    private final CoordinatorClusterMember localMember;

    private final Object mutex = new Object();
    /** null while this view does not know of a live leader; read without the mutex, written under it */
    private volatile Known known;
    /** written under the mutex */
    private volatile boolean running;
    // the rest is guarded by the mutex
    private long highestRevoked = Long.MIN_VALUE;
    private long attempt;
    private boolean awaitingAnswer;
    private int failures;
    private Cancellable listening;
    private ScheduledFuture<?> refreshTask;

    CoordinatorClusterView(CoordinatorClusterService service, String namespace, Coordinator coordinator,
                           String election, String memberId, long refreshMillis) {
        super(service, namespace);
        this.service = service;
        this.coordinator = coordinator;
        this.election = election;
        this.memberId = memberId;
        this.refreshMillis = refreshMillis;
        this.localMember = new CoordinatorClusterMember(this, memberId, true);
    }

    /** @return the coordinator election this view follows */
    public String getElection() {
        return election;
    }

    /**
     * The fencing token of the local member's leadership. Pass it with the work that must be done by one leader
     * only, and have the resource reject an epoch lower than the highest it has seen: a leader that was paused past
     * the end of its leadership is then refused, even before it learns that it no longer leads.
     *
     * @return the leader epoch while the local member leads, empty otherwise
     */
    public OptionalLong getLeaderEpoch() {
        return epochOf(memberId);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        Known k = known;
        return Optional.ofNullable(k == null ? null : memberFor(k.leaderId()));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    /**
     * The coordinator SPI does not list the candidates of an election, so the members are the local one and the
     * leader, when the view knows it.
     */
    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>(2);
        members.add(localMember);
        Known k = known;
        if (k != null && !k.leaderId().equals(memberId)) {
            members.add(memberFor(k.leaderId()));
        }
        return members;
    }

    OptionalLong epochOf(String candidateId) {
        Known k = known;
        return k != null && k.leaderId().equals(candidateId) ? OptionalLong.of(k.epoch()) : OptionalLong.empty();
    }

    private CamelClusterMember memberFor(String id) {
        return id.equals(memberId) ? localMember : new CoordinatorClusterMember(this, id, false);
    }

    // ---- lifecycle

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        synchronized (mutex) {
            running = true;
            failures = 0;
            awaitingAnswer = false;
            refreshTask = service.executor().scheduleWithFixedDelay(this::refresh, 0, refreshMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        Cancellable listener;
        boolean wasLeader;
        synchronized (mutex) {
            running = false;
            attempt++; // answers still on their way are ignored
            awaitingAnswer = false;
            if (refreshTask != null) {
                refreshTask.cancel(false);
                refreshTask = null;
            }
            listener = listening;
            listening = null;
            wasLeader = getLeaderEpoch().isPresent();
            known = null;
        }
        if (listener != null) {
            listener.cancel();
        }
        if (wasLeader) {
            // here, as Camel's own views do: the thread stopping the context already holds the routes' locks, so
            // telling the listeners (which stop routes) from another thread now could deadlock with it
            tellListeners();
        }
        resign("the view stopped");
        super.doStop();
    }

    // ---- the refresh loop

    /** One tick. Nothing may escape it: a scheduled task that throws is never run again. */
    private void refresh() {
        try {
            long late;
            boolean leads;
            synchronized (mutex) {
                if (!running) {
                    return;
                }
                late = awaitingAnswer ? attempt : -1;
                leads = getLeaderEpoch().isPresent();
            }
            if (!leads) {
                // told again on every tick: Camel 4.17's master: consumer starts its delegate 1 s after it is told
                // of a leadership and does not look again, so a leadership lost meanwhile would leave it consuming
                tellListeners();
            }
            if (late >= 0) {
                // the previous refresh was not answered within one interval: it counts as failed
                answered(late, null,
                        new IllegalStateException("no answer within refreshInterval (" + refreshMillis + " ms)"));
            }
            long id;
            synchronized (mutex) {
                if (!running) {
                    return;
                }
                id = ++attempt;
                awaitingAnswer = true;
            }
            try {
                listen();
                coordinator.campaign(election, memberId).whenComplete((l, e) -> answered(id, l, e));
            } catch (RuntimeException e) {
                answered(id, null, e);
            }
        } catch (Throwable t) {
            // even an Error: letting it escape would end the loop for good, the failure this class exists to avoid
            LOG.warn("Cluster view {}: refresh failed, retrying in {} ms: {}", getNamespace(), refreshMillis,
                    describe(t));
        }
    }

    /** Registers for the election's events once; the coordinator is never called under the mutex. */
    private void listen() {
        synchronized (mutex) {
            if (listening != null) {
                return;
            }
        }
        Cancellable handle = coordinator.onLeadershipChange(election, this::onEvent);
        boolean keep;
        synchronized (mutex) {
            keep = running && listening == null;
            if (keep) {
                listening = handle;
            }
        }
        if (!keep) {
            handle.cancel();
        }
    }

    private void answered(long id, Leadership leadership, Throwable failure) {
        Throwable error = failure == null && leadership == null
                ? new IllegalStateException("the coordinator answered a campaign with no leadership")
                : failure;
        boolean changed;
        boolean steppedDown = false;
        int failedBefore;
        long epoch = 0;
        synchronized (mutex) {
            if (id != attempt || !running) {
                return; // superseded (and counted as failed) or stopped
            }
            awaitingAnswer = false;
            failedBefore = failures;
            if (error == null) {
                failures = 0;
                changed = leadership.isLeader() ? claim(memberId, leadership.epoch()) : notLeader(leadership);
            } else {
                failures++;
                OptionalLong mine = getLeaderEpoch();
                changed = mine.isPresent();
                if (changed) {
                    // it cannot confirm that it leads, so it must not act as leader
                    epoch = mine.getAsLong();
                    known = null;
                    steppedDown = true;
                }
            }
        }
        if (error != null && (failedBefore == 0 || steppedDown)) {
            LOG.warn("Cluster view {} (election {}, member {}): a refresh failed{}; retrying every {} ms: {}",
                    getNamespace(), election, memberId,
                    steppedDown ? ", stepping down as leader of epoch " + epoch : "", refreshMillis, describe(error));
        } else if (error == null && failedBefore > 0) {
            LOG.info("Cluster view {}: the coordinator answers again after {} failed refreshes", getNamespace(),
                    failedBefore);
        }
        if (changed) {
            tellListenersLater();
        }
        if (steppedDown) {
            resign("it could not confirm its leadership");
        }
    }

    // ---- leadership knowledge, under the mutex

    /** The coordinator says another member leads, or nobody. */
    private boolean notLeader(Leadership leadership) {
        Known k = known;
        if (leadership.leaderId() == null) {
            known = null; // nobody leads (no quorum, say): whatever we knew, it is over
            return k != null;
        }
        if (k != null && leadership.epoch() < k.epoch()) {
            return false; // an answer older than what we know
        }
        return claim(leadership.leaderId(), leadership.epoch());
    }

    private boolean claim(String leaderId, long epoch) {
        Known k = known;
        if (epoch <= highestRevoked || k != null && (epoch < k.epoch()
                                                     || epoch == k.epoch() && leaderId.equals(k.leaderId()))) {
            return false; // that leadership already ended, is older than the one we know, or is the one we know
        }
        known = new Known(leaderId, epoch);
        return true;
    }

    private boolean revoked(long epoch) {
        highestRevoked = Math.max(highestRevoked, epoch);
        Known k = known;
        if (k != null && k.epoch() <= epoch) {
            known = null;
            return true;
        }
        return false;
    }

    private void onEvent(LeadershipEvent event) {
        boolean changed;
        synchronized (mutex) {
            if (!running) {
                return;
            }
            changed = event.type() == LeadershipEvent.Type.ELECTED
                    ? claim(event.leaderId(), event.epoch())
                    : revoked(event.epoch());
        }
        if (changed) {
            LOG.debug("Cluster view {}: {} {} (epoch {})", getNamespace(), event.type(), event.leaderId(),
                    event.epoch());
            tellListenersLater();
        }
    }

    // ---- telling Camel

    /** On the service's one thread, so listeners are told one change at a time; not once the view stops. */
    private void tellListenersLater() {
        try {
            service.executor().execute(() -> {
                if (running) {
                    tellListeners();
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Cluster view {}: listeners not told of a change while stopping: {}", getNamespace(),
                    describe(e));
        }
    }

    private void tellListeners() {
        try {
            fireLeadershipChangedEvent(getLeader().orElse(null));
        } catch (RuntimeException e) {
            LOG.warn("Cluster view {}: a leadership listener failed: {}", getNamespace(), describe(e));
        }
    }

    private void resign(String why) {
        try {
            coordinator.resign(election, memberId).whenComplete((wasLeader, e) -> {
                if (e != null) {
                    LOG.warn("Cluster view {}: could not resign from election {} after {}: {}", getNamespace(),
                            election, why, describe(e));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cluster view {}: could not resign from election {} after {}: {}", getNamespace(), election, why,
                    describe(e));
        }
    }

    /** The type and message only: stack traces and causes stay out of the log. */
    private static String describe(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
