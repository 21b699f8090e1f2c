package io.camelstable.limit;

/**
 * Where a concurrency limiter's permits live. {@link LocalPermitPool} counts them in this JVM; a cluster-wide
 * pool can replace it (the wait queue stays local). Every method is atomic.
 */
public interface PermitPool {

    /** @return whether a permit was taken */
    boolean tryAcquire();

    /** Returns a permit. */
    void release();

    /** @return permits in use */
    int inUse();
}
