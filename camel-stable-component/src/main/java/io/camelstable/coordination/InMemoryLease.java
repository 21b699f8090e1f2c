package io.camelstable.coordination;

import io.camelstable.engine.Cancellable;

/** The in-memory lease behind a {@link LockHandle}; its timers are guarded by the coordinator's mutex. */
final class InMemoryLease extends Lease {

    Cancellable expiryTimer = Cancellable.NONE;
    Cancellable renewTimer = Cancellable.NONE;

    InMemoryLease(String key, long fencingToken, String ownerId, long ttlMillis, boolean autoRenew, long expiresAt) {
        super(key, fencingToken, ownerId, ttlMillis, autoRenew, expiresAt);
    }

    @Override
    protected void cancelTimers() {
        expiryTimer.cancel();
        renewTimer.cancel();
    }
}
