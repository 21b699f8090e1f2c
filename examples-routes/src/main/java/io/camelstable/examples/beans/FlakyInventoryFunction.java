package io.camelstable.examples.beans;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link Function} that fails a set number of times, then reserves the item it is given. Bound as
 * {@code flakyInventory} and called through {@code stable:function:flakyInventory}.
 */
public class FlakyInventoryFunction implements Function<Object, String> {

    private final int failuresBeforeSuccess;
    private final AtomicInteger calls = new AtomicInteger();

    /** @param failuresBeforeSuccess how many calls throw before the first success */
    public FlakyInventoryFunction(int failuresBeforeSuccess) {
        this.failuresBeforeSuccess = failuresBeforeSuccess;
    }

    @Override
    public String apply(Object item) {
        int call = calls.incrementAndGet();
        if (call <= failuresBeforeSuccess) {
            throw new IllegalStateException("inventory service busy (call " + call + ")");
        }
        return "reserved " + item;
    }
}
