package io.camelstable.gateway;

/**
 * Where an item of a gateway run stands. A {@link GatewayResult} holds only the four final states; a running
 * {@link GatewayExecution} also reports {@link #PENDING} and {@link #RUNNING}.
 */
public enum ItemStatus {
    /** Not launched yet (only while the run goes on). */
    PENDING,
    /** Launched and not ended (only while the run goes on). */
    RUNNING,
    /** Its execution succeeded. */
    SUCCEEDED,
    /** Its execution failed: every allowed attempt failed, or an outcome was not retryable. */
    FAILED,
    /** It was running when the gateway stopped it: a race was won, another item failed, or maxTimeout expired. */
    CANCELLED,
    /** The gateway ended before launching it. */
    NOT_STARTED;

    /** @return whether this is an outcome (the item will not change any more) */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
