package io.camelstable.coordination;

/** The outcome of {@link Coordinator#acquireLock}. */
public enum LockStatus {
    /** The lock is ours; the result carries a handle. */
    ACQUIRED,
    /** The lock was held and no wait was asked for. */
    FAILED,
    /** The lock stayed held for the whole wait timeout. */
    TIMEOUT
}
