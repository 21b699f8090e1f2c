package io.camelstable.infinispan.raft;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import io.camelstable.coordination.DeliverySettings;

/**
 * How one member of a strict-mode coordinator joins its Raft group. Every member must be configured with the
 * same {@code members}, {@code leaderLease} and {@code delivery}: they shape the replicated state.
 *
 * @param group          the group (cluster) name
 * @param nodeId         this member's id: one of {@code members}, and this coordinator's {@code nodeId()}
 * @param members        every member's id, an odd number is best: a majority of them must be up to decide anything
 * @param requestTimeout how long a call waits for its command to be committed before it fails (outcome unknown)
 * @param leaderLease    how long an elected leader leads without renewing; its node renews every quarter of it
 * @param safetyMargin   how much earlier than the log this node treats its own leases as ended: covers the clock
 *                       difference between members and the time a renewal takes; at most a quarter of a lease
 * @param delivery       the pub/sub bounds (retention, redelivery, idempotency window)
 * @param logDir         the directory of the persistent Raft log, or null for an in-memory log (see the docs:
 *                       an in-memory member that restarts must rejoin under a new id)
 */
public record RaftSettings(String group, String nodeId, List<String> members, Duration requestTimeout,
                           Duration leaderLease, Duration safetyMargin, DeliverySettings delivery, String logDir) {

    /** Checks every option, naming it, its value and what is allowed. */
    public RaftSettings {
        require(group != null && !group.isBlank(), "group", group, "a non-empty name");
        require(members != null && !members.isEmpty(), "members", members, "a non-empty list of member ids");
        members = List.copyOf(members);
        require(new HashSet<>(members).size() == members.size(), "members", members, "distinct ids");
        require(nodeId != null && members.contains(nodeId), "nodeId", nodeId, "one of members " + members);
        require(positive(requestTimeout), "requestTimeout", requestTimeout, "a positive duration");
        require(positive(leaderLease) && leaderLease.toMillis() >= 100, "leaderLease", leaderLease,
                "at least 100 ms (the leader renews every quarter of it)");
        require(safetyMargin != null && !safetyMargin.isNegative()
                && safetyMargin.toMillis() <= leaderLease.toMillis() / 4, "safetyMargin", safetyMargin,
                "between 0 and a quarter of leaderLease (" + leaderLease.toMillis() / 4 + " ms)");
        Objects.requireNonNull(delivery, "delivery");
    }

    /**
     * @param  group   the group name
     * @param  nodeId  this member's id
     * @param  members every member's id
     * @return         settings with a 2 s request timeout, a 1 s leader lease, a 100 ms margin, default delivery
     *                 bounds and an in-memory log
     */
    public static RaftSettings of(String group, String nodeId, List<String> members) {
        return new RaftSettings(group, nodeId, members, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMillis(100), DeliverySettings.defaults(), null);
    }

    /**
     * @param  lease  the leader lease
     * @param  margin the safety margin
     * @return        these settings with another lease and margin
     */
    public RaftSettings withLease(Duration lease, Duration margin) {
        return new RaftSettings(group, nodeId, members, requestTimeout, lease, margin, delivery, logDir);
    }

    /**
     * @param  settings the pub/sub bounds
     * @return          these settings with other delivery bounds
     */
    public RaftSettings withDelivery(DeliverySettings settings) {
        return new RaftSettings(group, nodeId, members, requestTimeout, leaderLease, safetyMargin, settings, logDir);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String option, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid coordinator option " + option + "=" + value + ": must be "
                    + allowed);
        }
    }
}
