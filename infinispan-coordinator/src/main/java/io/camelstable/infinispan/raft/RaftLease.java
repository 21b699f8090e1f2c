package io.camelstable.infinispan.raft;

import io.camelstable.infinispan.NodeLease;

/**
 * A lease held by this node in strict mode. It counts as held only until its expiry minus the safety margin, on
 * this node's clock: the log may still count it live a little longer, so the holder stops before anyone else can
 * take the lock.
 */
final class RaftLease extends NodeLease {

    RaftLease(String key, String holderId, long token, String ownerId, long ttl, boolean autoRenew, long expiresAt) {
        super(key, holderId, token, ownerId, ttl, autoRenew, expiresAt);
    }
}
