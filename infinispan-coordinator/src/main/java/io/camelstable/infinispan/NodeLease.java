package io.camelstable.infinispan;

import java.util.concurrent.Future;

import io.camelstable.coordination.Lease;

/**
 * A lock lease held by this node in a clustered mode: {@code holderId} names the acquisition in the cluster (node
 * incarnation and a sequence); {@link HeldLeases} runs its loss and renewal timers.
 */
public abstract class NodeLease extends Lease {

    /** The acquisition's id in the cluster. */
    public final String holderId;
    Future<?> lossTimer;
    Future<?> renewTimer;

    /**
     * @param key       the lock key
     * @param holderId  the acquisition's id in the cluster
     * @param token     the fencing token
     * @param ownerId   this node
     * @param ttl       the lease length
     * @param autoRenew whether the coordinator renews it
     * @param expiresAt when it ends unless renewed
     */
    protected NodeLease(String key, String holderId, long token, String ownerId, long ttl, boolean autoRenew,
                        long expiresAt) {
        super(key, token, ownerId, ttl, autoRenew, expiresAt);
        this.holderId = holderId;
    }

    @Override
    protected void cancelTimers() {
        HeldLeases.cancel(lossTimer);
        HeldLeases.cancel(renewTimer);
    }
}
