package io.camelstable.infinispan.cache;


import io.camelstable.infinispan.NodeLease;

/**
 * A lock lease held by this node in default mode. {@code stored} is the cache entry as this node last wrote it,
 * so renewal and release are conditional on it. The lease counts as held only until its expiry minus the safety
 * margin on this node's clock; the cache entry lives a little longer, so the holder stops first.
 */
final class CacheLease extends NodeLease {

    volatile String stored;

    CacheLease(String key, String holderId, long token, String ownerId, long ttl, boolean autoRenew, long expiresAt,
               String stored) {
        super(key, holderId, token, ownerId, ttl, autoRenew, expiresAt);
        this.stored = stored;
    }
}
