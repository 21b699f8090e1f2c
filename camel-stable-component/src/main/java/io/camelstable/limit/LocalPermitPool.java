package io.camelstable.limit;

import java.util.concurrent.atomic.AtomicInteger;

/** Permits counted in this JVM. */
public final class LocalPermitPool implements PermitPool {

    private final int limit;
    private final AtomicInteger inUse = new AtomicInteger();

    /** @param limit permits */
    public LocalPermitPool(int limit) {
        this.limit = limit;
    }

    @Override
    public boolean tryAcquire() {
        int n;
        do {
            n = inUse.get();
            if (n >= limit) {
                return false;
            }
        } while (!inUse.compareAndSet(n, n + 1));
        return true;
    }

    @Override
    public void release() {
        inUse.decrementAndGet();
    }

    @Override
    public int inUse() {
        return inUse.get();
    }
}
