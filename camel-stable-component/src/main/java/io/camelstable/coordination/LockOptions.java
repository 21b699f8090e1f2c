package io.camelstable.coordination;

import java.time.Duration;
import java.util.Objects;

/**
 * How to acquire a lock.
 *
 * @param leaseTtl    how long the lease lasts from acquisition or from the last renewal; positive
 * @param waitTimeout how long to wait for a held lock before giving up; zero fails at once
 * @param autoRenew   whether the coordinator renews the lease (every third of the TTL, each time from now)
 */
public record LockOptions(Duration leaseTtl, Duration waitTimeout, boolean autoRenew) {

    /** Validates the durations. */
    public LockOptions {
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("leaseTtl must be positive");
        }
        if (waitTimeout.isNegative()) {
            throw new IllegalArgumentException("waitTimeout must not be negative");
        }
    }

    /**
     * @param  leaseTtl the lease length
     * @return          options that fail at once when the lock is held, without auto-renewal
     */
    public static LockOptions lease(Duration leaseTtl) {
        return new LockOptions(leaseTtl, Duration.ZERO, false);
    }
}
