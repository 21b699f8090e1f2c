package io.camelstable.coordination.cluster;

import java.util.OptionalLong;

import org.apache.camel.cluster.CamelClusterMember;

/**
 * A member of a {@link CoordinatorClusterView}: a candidate of the view's coordinator election. It reads the
 * view's current knowledge on every call, so a member obtained earlier stops reporting {@link #isLeader()} as
 * soon as the view learns that its leadership ended.
 */
public final class CoordinatorClusterMember implements CamelClusterMember {

    private final CoordinatorClusterView view;
    private final String id;
    private final boolean local;

    CoordinatorClusterMember(CoordinatorClusterView view, String id, boolean local) {
        this.view = view;
        this.id = id;
        this.local = local;
    }

    /** @return the candidate id in the coordinator election */
    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isLeader() {
        return getEpoch().isPresent();
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    /**
     * @return the leader epoch (fencing token) of this member's current leadership, as the view knows it, or empty
     *         when it does not lead
     */
    public OptionalLong getEpoch() {
        return view.epochOf(id);
    }

    @Override
    public String toString() {
        return "CoordinatorClusterMember[" + id + (local ? ", local" : "") + "]";
    }
}
