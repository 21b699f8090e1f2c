package io.camelstable.coordination;

import java.util.function.Consumer;

/**
 * A held lease on a lock. Its fencing token is strictly greater than every token handed out before for the
 * same key, so a resource that remembers the highest token it has seen can reject a deposed holder's writes.
 */
public interface LockHandle {

    /** @return the lock key */
    String key();

    /** @return the fencing token of this acquisition, ≥ 1 and strictly increasing per key */
    long fencingToken();

    /** @return the coordinator node that holds it */
    String ownerId();

    /** @return when the lease ends, in the coordinator's clock milliseconds */
    long expiresAtMillis();

    /** @return whether the lease is still ours (not released, not expired, not lost) */
    boolean isHeld();

    /**
     * Registers a callback told once when the lease is lost without a release: expiry or a failed renewal. A
     * callback registered after the loss is called at once.
     *
     * @param listener receives this handle
     */
    void onLeaseLost(Consumer<LockHandle> listener);
}
