package io.camelstable.limit;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/** Callers waiting for a limiter's permit, in arrival order. Guarded by the owning limiter's lock. */
final class WaitQueue extends ArrayDeque<PermitCallback> {

    /**
     * Empties the queue under the limiter's lock; the caller refuses the returned callers outside it.
     *
     * @return the callers that were waiting
     */
    ArrayDeque<PermitCallback> drain() {
        ArrayDeque<PermitCallback> drained = new ArrayDeque<>(this);
        clear();
        return drained;
    }

    /** Refuses every drained caller with the same reason. */
    static void refuseAll(ArrayDeque<PermitCallback> callers, String reason) {
        callers.forEach(c -> c.refused(new RejectedExecutionException(reason)));
    }
}
