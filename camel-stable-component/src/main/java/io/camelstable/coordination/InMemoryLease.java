package io.camelstable.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.camelstable.engine.Cancellable;

/** The in-memory lease behind a {@link LockHandle}; its fields are guarded by the coordinator's mutex. */
final class InMemoryLease implements LockHandle {

    private final String key;
    private final long fencingToken;
    private final String ownerId;
    final long ttlMillis;
    final boolean autoRenew;
    private volatile long expiresAtMillis;
    private volatile boolean held = true;
    private boolean lost;
    private final List<Consumer<LockHandle>> listeners = new ArrayList<>();
    Cancellable expiryTimer = Cancellable.NONE;
    Cancellable renewTimer = Cancellable.NONE;

    InMemoryLease(String key, long fencingToken, String ownerId, long ttlMillis, boolean autoRenew, long expiresAt) {
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
        return held;
    }

    @Override
    public void onLeaseLost(Consumer<LockHandle> listener) {
        boolean callNow;
        synchronized (this) {
            callNow = lost;
            if (!lost) {
                listeners.add(listener);
            }
        }
        if (callNow) {
            listener.accept(this);
        }
    }

    void extendTo(long expiresAt) {
        this.expiresAtMillis = expiresAt;
    }

    /** Ends the lease; returns the callbacks to run (outside any lock) if it was lost rather than released. */
    List<Consumer<LockHandle>> end(boolean wasLost) {
        held = false;
        expiryTimer.cancel();
        renewTimer.cancel();
        synchronized (this) {
            if (!wasLost || lost) {
                return List.of();
            }
            lost = true;
            List<Consumer<LockHandle>> toCall = new ArrayList<>(listeners);
            listeners.clear();
            return toCall;
        }
    }

    @Override
    public String toString() {
        return "LockHandle[" + key + ", token=" + fencingToken + ", owner=" + ownerId + "]";
    }
}
