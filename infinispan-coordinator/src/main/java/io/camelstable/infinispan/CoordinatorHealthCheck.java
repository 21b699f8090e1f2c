package io.camelstable.infinispan;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import io.camelstable.infinispan.cache.InfinispanCoordinator;
import io.camelstable.infinispan.raft.RaftCoordinator;

/**
 * Readiness of a clustered coordinator member: DOWN while it cannot commit (strict mode: no majority of the
 * configured members in its view, or no Raft leader; default mode: its caches in {@code DEGRADED_MODE}, a
 * minority partition), with the member's state as details. {@code ClusterCoordinator} registers one when Camel
 * starts it; id {@code stable-coordinator-<node>}, group {@code camel}.
 */
public final class CoordinatorHealthCheck implements HealthCheck {

    private final String nodeId;
    private final BooleanSupplier ready;
    private final Supplier<String> status;
    private volatile boolean enabled = true;

    private CoordinatorHealthCheck(String nodeId, BooleanSupplier ready, Supplier<String> status) {
        this.nodeId = nodeId;
        this.ready = ready;
        this.status = status;
    }

    /**
     * @param  coordinator a strict-mode member
     * @return             its readiness check
     */
    public static CoordinatorHealthCheck of(RaftCoordinator coordinator) {
        return new CoordinatorHealthCheck(coordinator.nodeId(), coordinator::hasQuorum, coordinator::raftStatus);
    }

    /**
     * @param  coordinator a default-mode member
     * @return             its readiness check
     */
    public static CoordinatorHealthCheck of(InfinispanCoordinator coordinator) {
        return new CoordinatorHealthCheck(coordinator.nodeId(), coordinator::isAvailable, coordinator::status);
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return "stable-coordinator-" + nodeId;
    }

    @Override
    public boolean isLiveness() {
        return false; // a lost majority makes the node unready, not dead: restarting it would not help
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        if (!enabled) {
            return builder.message("Disabled").detail(CHECK_ENABLED, false).unknown().build();
        }
        builder.detail("node", nodeId).detail("cluster", status.get());
        if (ready.getAsBoolean()) {
            return builder.up().build();
        }
        return builder.message("Cut off from the majority of the cluster: calls cannot commit").down().build();
    }
}
