package io.camelstable.engine;

import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;

/** Receives the end of an execution, exactly once. */
@FunctionalInterface
public interface ExecutionListener {

    /**
     * @param result     the finished result
     * @param rawValue   the final attempt's raw value on success (the attempt's exchange for delegates), else null
     * @param raise      whether the caller should raise the failure: the execution failed, {@code throwOnFailure}
     *                   is on and the final error analyzer did not suppress it
     * @param exchange   the exchange of the execution, or null
     * @param token      the caller's token given to {@link StableEngine#execute}
     * @param doneSync   whether the execution ended inside the call that started it
     */
    void onComplete(StableResult<Object> result, Object rawValue, boolean raise, Exchange exchange, Object token,
            boolean doneSync);
}
