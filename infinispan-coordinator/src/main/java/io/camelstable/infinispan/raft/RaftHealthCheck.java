package io.camelstable.infinispan.raft;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of a strict-mode coordinator: DOWN while its member cannot commit (no majority of the configured
 * members in its view, or no Raft leader), with the Raft state as details. Registered by
 * {@code ClusterCoordinator} when Camel starts it; id {@code stable-coordinator-<node>}, group {@code camel}.
 */
public final class RaftHealthCheck implements HealthCheck {

    private final RaftCoordinator coordinator;
    private volatile boolean enabled = true;

    /** @param coordinator the member to report */
    public RaftHealthCheck(RaftCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return "stable-coordinator-" + coordinator.nodeId();
    }

    @Override
    public boolean isLiveness() {
        return false; // a lost quorum makes the node unready, not dead: restarting it would not help
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
        builder.detail("node", coordinator.nodeId()).detail("raft", coordinator.raftStatus());
        if (coordinator.hasQuorum()) {
            return builder.up().build();
        }
        return builder.message("No majority of the configured members, or no Raft leader: calls cannot commit")
                .down().build();
    }
}
