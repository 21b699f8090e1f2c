package io.camelstable.gateway;

import java.util.concurrent.CompletableFuture;

/** A gateway run under way: its result to come, its items' progress, and a way to stop it. */
public interface GatewayExecution {

    /** @return completes with the result, successful or not, exactly once; never completes exceptionally */
    CompletableFuture<GatewayResult> result();

    /**
     * @param  itemId an item's id
     * @return        where it stands now
     * @throws IllegalArgumentException when the gateway has no such item
     */
    ItemStatus status(String itemId);

    /**
     * Stops the run: items running are cancelled, items not started are reported NOT_STARTED, and the result (a
     * failure) completes at once. Harmless once the run has ended.
     */
    void cancel();
}
