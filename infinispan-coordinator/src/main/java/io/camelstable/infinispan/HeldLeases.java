package io.camelstable.infinispan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.MetricsCounters;

/**
 * The leases this node holds, whatever the mode: a loss timer at each lease's expiry minus the safety margin (at
 * most a quarter of its TTL), so the holder is told before the cluster can give the lock to anyone else; auto-renewal
 * every third of the TTL; and the one-way end, telling the lost listeners on the callback thread.
 *
 * @param <L> the mode's lease
 */
public final class HeldLeases<L extends NodeLease> {

    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final long safetyMargin;
    private final MetricsCounters metrics;
    private final Function<L, CompletableFuture<Boolean>> renewer;
    private final Map<String, L> held = new ConcurrentHashMap<>();

    /**
     * @param timers       runs the loss and renewal timers
     * @param callbacks    runs the lost listeners
     * @param safetyMargin how much earlier than the cluster this node ends its leases, in ms
     * @param metrics      where acquisitions and expirations are counted
     * @param renewer      renews a lease in the cluster (and re-arms it through {@link #rearm})
     */
    public HeldLeases(ScheduledExecutorService timers, Executor callbacks, long safetyMargin, MetricsCounters metrics,
                      Function<L, CompletableFuture<Boolean>> renewer) {
        this.timers = timers;
        this.callbacks = callbacks;
        this.safetyMargin = safetyMargin;
        this.metrics = metrics;
        this.renewer = renewer;
    }

    /**
     * Holds a lease just granted: counts it, arms its loss timer and, if asked, its renewal.
     *
     * @param lease the lease
     */
    public void add(L lease) {
        held.put(lease.holderId, lease);
        metrics.lockAcquisitions.increment();
        rearm(lease);
        if (lease.autoRenew()) {
            scheduleRenewal(lease);
        }
    }

    /**
     * @param  handle a handle given to a caller
     * @param  type   the mode's lease class
     * @return        the lease if this node still holds it, else null
     */
    public L ours(LockHandle handle, Class<L> type) {
        return type.isInstance(handle) && held.get(type.cast(handle).holderId) == handle && handle.isHeld()
                ? type.cast(handle) : null;
    }

    /**
     * @param  holderId an acquisition's id
     * @return          the lease of that acquisition held here, or null
     */
    public L get(String holderId) {
        return held.get(holderId);
    }

    /** @return every lease held here now */
    public Collection<L> all() {
        return held.values();
    }

    /**
     * Ends a lease by its release.
     *
     * @param lease the lease
     */
    public void released(L lease) {
        if (lease.release()) {
            held.remove(lease.holderId);
            metrics.lockReleases.increment();
        }
    }

    /**
     * Arms (again) the loss timer at the lease's expiry minus the margin, after a grant or a renewal.
     *
     * @param lease the lease
     */
    public void rearm(L lease) {
        long delay = Math.max(0, lease.expiresAtMillis() - margin(lease) - System.currentTimeMillis());
        synchronized (lease) {
            cancel(lease.lossTimer);
            if (lease.isHeld()) {
                lease.lossTimer = timers.schedule(() -> {
                    if (System.currentTimeMillis() >= lease.expiresAtMillis() - margin(lease)) {
                        lost(lease);
                    } else {
                        rearm(lease);
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Ends a lease as lost (expired, taken over, or its renewal refused) and tells its listeners once.
     *
     * @param lease the lease
     */
    public void lost(L lease) {
        List<Consumer<LockHandle>> listeners = lease.lose();
        if (held.remove(lease.holderId) != null) {
            metrics.lockExpirations.increment();
        }
        if (!listeners.isEmpty()) {
            callbacks.execute(() -> listeners.forEach(l -> l.accept(lease)));
        }
    }

    private long margin(L lease) {
        return Math.min(safetyMargin, lease.ttlMillis() / 4);
    }

    private void scheduleRenewal(L lease) {
        synchronized (lease) {
            if (lease.isHeld()) {
                lease.renewTimer = timers.schedule(() -> renewer.apply(lease).whenComplete((ok, e) -> scheduleRenewal(lease)),
                        Math.max(1, lease.ttlMillis() / 3), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** @param timer a timer to cancel, or null */
    public static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
