package io.camelstable.infinispan.raft;

import java.util.concurrent.Future;

import io.camelstable.coordination.Lease;

/**
 * A lease held by this node. It counts as held only until its expiry minus the safety margin, on this node's
 * clock: the log may still count it live a little longer, so the holder stops before anyone else can take the
 * lock. {@code holderId} names this acquisition in the log (node incarnation and a sequence).
 */
final class RaftLease extends Lease {

    final String holderId;
    Future<?> lossTimer;
    Future<?> renewTimer;

    RaftLease(String key, String holderId, long token, String ownerId, long ttl, boolean autoRenew, long expiresAt) {
        super(key, token, ownerId, ttl, autoRenew, expiresAt);
        this.holderId = holderId;
    }

    @Override
    protected void cancelTimers() {
        if (lossTimer != null) {
            lossTimer.cancel(false);
        }
        if (renewTimer != null) {
            renewTimer.cancel(false);
        }
    }
}
