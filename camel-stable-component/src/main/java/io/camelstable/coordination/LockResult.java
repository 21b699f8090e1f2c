package io.camelstable.coordination;

import java.util.Optional;

/**
 * The answer to {@link Coordinator#acquireLock}.
 *
 * @param status what happened
 * @param handle the held lease when {@code status} is {@link LockStatus#ACQUIRED}, else null
 */
public record LockResult(LockStatus status, LockHandle handle) {

    /** @return whether the lock was acquired */
    public boolean acquired() {
        return status == LockStatus.ACQUIRED;
    }

    /** @return the handle, if acquired */
    public Optional<LockHandle> lock() {
        return Optional.ofNullable(handle);
    }
}
