package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.Objects;

import io.camelstable.coordination.DeliverySettings;

/**
 * How one default-mode {@link InfinispanCoordinator} behaves. Every node of a cluster should use the same
 * {@code leaderLease} and {@code delivery}: they shape what the nodes write to the shared caches.
 *
 * @param nodeId             this node's id, reported as the owner of its locks
 * @param leaderLease        how long an elected leader leads without renewing; its node renews every quarter of it
 * @param safetyMargin       how much earlier than the cache this node treats its own leases (locks, leadership) as
 *                           ended: covers the time a renewal takes and clock differences; at most a quarter of a
 *                           lease
 * @param transactionTimeout how long a transaction waits for its keys before it fails (TIMEOUT, nothing applied);
 *                           a writer that holds keys longer than this plus 1 s (it crashed or stalled) is rolled
 *                           forward or back by the next writer that meets its keys
 * @param delivery           the pub/sub bounds (retention, redelivery, idempotency window)
 */
public record CacheCoordinatorSettings(String nodeId, Duration leaderLease, Duration safetyMargin,
                                       Duration transactionTimeout, DeliverySettings delivery) {

    /** Checks every option, naming it, its value and what is allowed. */
    public CacheCoordinatorSettings {
        require(nodeId != null && !nodeId.isBlank(), "nodeId", nodeId, "a non-empty id");
        require(leaderLease != null && leaderLease.toMillis() >= 100, "leaderLease", leaderLease,
                "at least 100 ms (the leader renews every quarter of it)");
        require(safetyMargin != null && !safetyMargin.isNegative()
                && safetyMargin.toMillis() <= leaderLease.toMillis() / 4, "safetyMargin", safetyMargin,
                "between 0 and a quarter of leaderLease (" + leaderLease.toMillis() / 4 + " ms)");
        require(transactionTimeout != null && transactionTimeout.toMillis() >= 1, "transactionTimeout",
                transactionTimeout, "at least 1 ms");
        Objects.requireNonNull(delivery, "delivery");
    }

    /**
     * @param  nodeId this node's id
     * @return        settings with a 1 s leader lease, a 100 ms margin, a 5 s transaction lock wait and default
     *                delivery bounds
     */
    public static CacheCoordinatorSettings of(String nodeId) {
        return new CacheCoordinatorSettings(nodeId, Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofSeconds(5), DeliverySettings.defaults());
    }

    /**
     * @param  settings the pub/sub bounds
     * @return          these settings with other delivery bounds
     */
    public CacheCoordinatorSettings withDelivery(DeliverySettings settings) {
        return new CacheCoordinatorSettings(nodeId, leaderLease, safetyMargin, transactionTimeout, settings);
    }

    /**
     * @param  lease  the leader lease
     * @param  margin the safety margin
     * @return        these settings with another lease and margin
     */
    public CacheCoordinatorSettings withLease(Duration lease, Duration margin) {
        return new CacheCoordinatorSettings(nodeId, lease, margin, transactionTimeout, delivery);
    }

    private static void require(boolean ok, String option, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid coordinator option " + option + "=" + value + ": must be "
                    + allowed);
        }
    }
}
