package io.camelstable.gateway;

/**
 * A gateway run failed (an item failed, no item won the race, or the run timed out or was cancelled). Carries the
 * full {@link GatewayResult}, every item included. {@code stable:gateway} fails the exchange with it unless
 * {@code throwOnFailure=false}, in the way {@code stable:request} raises
 * {@link io.camelstable.result.StableExecutionException}.
 */
public class GatewayExecutionException extends RuntimeException {

    private final transient GatewayResult result;

    /**
     * @param message the failure
     * @param result  the run's result
     */
    public GatewayExecutionException(String message, GatewayResult result) {
        super(message);
        this.result = result;
    }

    /** @return the run's full result */
    public GatewayResult getResult() {
        return result;
    }
}
