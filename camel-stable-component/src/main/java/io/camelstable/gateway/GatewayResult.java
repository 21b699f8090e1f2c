package io.camelstable.gateway;

import java.util.List;

/**
 * The outcome of one gateway run (SPEC §2.3): one entry per item in declaration order, and the aggregates. A
 * route receives it as the body of {@code stable:gateway:<id>}; {@code .split(simple("${body.items}"))} or
 * {@code .split(GatewaySplit.items())} turns it into one message per item.
 * <p>
 * The run succeeded when every item succeeded, or with racing when an item won; a run that timed out or was
 * cancelled did not.
 */
public final class GatewayResult {

    private final String gatewayId;
    private final boolean success;
    private final boolean timedOut;
    private final String winner;
    private final String error;
    private final List<GatewayItemResult> items;
    private final GatewayMetrics metrics;

    GatewayResult(String gatewayId, boolean success, boolean timedOut, String winner, String error,
            List<GatewayItemResult> items, GatewayMetrics metrics) {
        this.gatewayId = gatewayId;
        this.success = success;
        this.timedOut = timedOut;
        this.winner = winner;
        this.error = error;
        this.items = List.copyOf(items);
        this.metrics = metrics;
    }

    /** @return the gateway's id */
    public String getGatewayId() {
        return gatewayId;
    }

    /** @return whether the run succeeded */
    public boolean isSuccess() {
        return success;
    }

    /** @return whether the run's maxTimeout expired */
    public boolean isTimedOut() {
        return timedOut;
    }

    /** @return with racing, the id of the item that won; else null */
    public String getWinner() {
        return winner;
    }

    /** @return why the run failed (every failed item's error, or the timeout), null on success */
    public String getError() {
        return error;
    }

    /** @return one entry per item, in declaration order */
    public List<GatewayItemResult> getItems() {
        return items;
    }

    /**
     * @param  id an item's id
     * @return    its entry
     * @throws IllegalArgumentException when the gateway has no such item
     */
    public GatewayItemResult item(String id) {
        for (GatewayItemResult item : items) {
            if (item.getRequestId().equals(id)) {
                return item;
            }
        }
        throw new IllegalArgumentException("Gateway '" + gatewayId + "' has no item '" + id + "'");
    }

    /** @return the aggregates */
    public GatewayMetrics getMetrics() {
        return metrics;
    }

    /**
     * @return                           this result, when the run succeeded
     * @throws GatewayExecutionException carrying this result, when it did not
     */
    public GatewayResult orThrow() {
        if (!success) {
            throw new GatewayExecutionException("Gateway '" + gatewayId + "' failed: " + error, this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "GatewayResult[" + gatewayId + ", success=" + success + (timedOut ? ", timed out" : "") + ", items=" + items
               + "]";
    }
}
