package io.camelstable.limit;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/** Callers waiting for a limiter's permit, in arrival order. Guarded by the owning limiter's lock. */
final class WaitQueue extends ArrayDeque<PermitCallback> {

    /**
     * Empties the queue under the owner's lock and refuses every caller that was waiting, outside it.
     *
     * @param owner  the limiter whose lock guards this queue
     * @param reason why
     */
    void refuseAll(Object owner, String reason) {
        ArrayDeque<PermitCallback> refused;
        synchronized (owner) {
            refused = new ArrayDeque<>(this);
            clear();
        }
        refused.forEach(c -> c.refused(new RejectedExecutionException(reason)));
    }
}
