package io.camelstable.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A lock lease as every coordinator keeps it for its holder: identity, expiry, and the one-way end (released or
 * lost) that tells the lost listeners once. Subclasses add their timers and cancel them in {@link #cancelTimers()}.
 */
public abstract class Lease implements LockHandle {

    private enum State {
        HELD, RELEASED, LOST
    }

    private final String key;
    private final long fencingToken;
    private final String ownerId;
    private final long ttlMillis;
    private final boolean autoRenew;
    private final List<Consumer<LockHandle>> listeners = new ArrayList<>();
    private volatile long expiresAtMillis;
    private volatile State state = State.HELD;

    /**
     * @param key          the lock key
     * @param fencingToken the token of this acquisition
     * @param ownerId      the holding node
     * @param ttlMillis    the lease length
     * @param autoRenew    whether the coordinator renews it
     * @param expiresAt    when it ends unless renewed
     */
    protected Lease(String key, long fencingToken, String ownerId, long ttlMillis, boolean autoRenew, long expiresAt) {
        this.key = key;
        this.fencingToken = fencingToken;
        this.ownerId = ownerId;
        this.ttlMillis = ttlMillis;
        this.autoRenew = autoRenew;
        this.expiresAtMillis = expiresAt;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public long fencingToken() {
        return fencingToken;
    }

    @Override
    public String ownerId() {
        return ownerId;
    }

    @Override
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    @Override
    public boolean isHeld() {
        return state == State.HELD;
    }

    /** @return the lease length in milliseconds */
    public long ttlMillis() {
        return ttlMillis;
    }

    /** @return whether the coordinator renews it */
    public boolean autoRenew() {
        return autoRenew;
    }

    @Override
    public void onLeaseLost(Consumer<LockHandle> listener) {
        synchronized (this) {
            if (state != State.LOST) {
                listeners.add(listener);
                return;
            }
        }
        listener.accept(this);
    }

    /**
     * @param  expiresAt the new end
     * @return           whether the lease was still held, and so now ends then
     */
    public synchronized boolean extend(long expiresAt) {
        if (state != State.HELD) {
            return false;
        }
        expiresAtMillis = expiresAt;
        return true;
    }

    /** @return the lost listeners to call (outside any lock) if this call ended a held lease, else none */
    public synchronized List<Consumer<LockHandle>> lose() {
        if (state != State.HELD) {
            return List.of();
        }
        state = State.LOST;
        cancelTimers();
        List<Consumer<LockHandle>> toCall = List.copyOf(listeners);
        listeners.clear();
        return toCall;
    }

    /** @return whether this call ended a held lease by its release */
    public synchronized boolean release() {
        if (state != State.HELD) {
            return false;
        }
        state = State.RELEASED;
        cancelTimers();
        return true;
    }

    /** Cancels the subclass's timers once the lease has ended. */
    protected abstract void cancelTimers();

    @Override
    public String toString() {
        return "LockHandle[" + key + ", token=" + fencingToken + ", owner=" + ownerId + "]";
    }
}
