package io.camelstable.jmx;

import io.camelstable.breaker.StableCircuitBreaker;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/** A shared circuit breaker over JMX, with the manual transitions. */
@ManagedResource(description = "camel-stable circuit breaker")
public class ManagedBreaker {

    private final StableCircuitBreaker breaker;

    /** @param breaker the breaker */
    public ManagedBreaker(StableCircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** @return the name */
    @ManagedAttribute(description = "Breaker name")
    public String getName() {
        return breaker.getName();
    }

    /** @return the state */
    @ManagedAttribute(description = "CLOSED, OPEN, HALF_OPEN or FORCED_OPEN")
    public String getState() {
        return breaker.getState().name();
    }

    /** @return the failed percentage of the window */
    @ManagedAttribute(description = "Failed percentage of the sliding window")
    public double getFailureRate() {
        return breaker.getMetrics().failureRate();
    }

    /** @return calls refused */
    @ManagedAttribute(description = "Calls refused since the last reset")
    public long getNotPermittedCalls() {
        return breaker.getMetrics().notPermittedCalls();
    }

    /** @return times opened */
    @ManagedAttribute(description = "Times the breaker opened")
    public long getOpenCount() {
        return breaker.getMetrics().openCount();
    }

    /** Opens the breaker until closed by hand. */
    @ManagedOperation(description = "Open the breaker until it is closed or reset by hand")
    public void forceOpen() {
        breaker.forceOpen();
    }

    /** Closes the breaker. */
    @ManagedOperation(description = "Close the breaker with an empty window")
    public void forceClosed() {
        breaker.forceClosed();
    }

    /** Closes the breaker and clears its counters. */
    @ManagedOperation(description = "Close the breaker and clear every counter")
    public void reset() {
        breaker.reset();
    }
}
