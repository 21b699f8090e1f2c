package io.camelstable.metrics;

import io.camelstable.guardrail.Anomaly;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;

/**
 * Told of every attempt and execution, for metrics. The engine knows only this interface, so it carries
 * no metrics library; implementations must be cheap and must not throw.
 */
public interface ExecutionObserver {

    /** Observes nothing. */
    ExecutionObserver NONE = new ExecutionObserver() {
        @Override
        public void attemptEnded(Exchange exchange, AttemptStatus status, long nanos) {
        }

        @Override
        public void executionEnded(Exchange exchange, StableResult<?> result, long nanos) {
        }
    };

    /**
     * @param exchange the execution's exchange, or null
     * @param status   how the attempt ended
     * @param nanos    its duration
     */
    void attemptEnded(Exchange exchange, AttemptStatus status, long nanos);

    /**
     * @param exchange the exchange, or null
     * @param result   the finished result
     * @param nanos    the execution's duration
     */
    void executionEnded(Exchange exchange, StableResult<?> result, long nanos);

    /**
     * @param exchange the exchange, or null
     * @param anomaly  a guardrail the execution's metrics broke
     */
    default void guardrailViolated(Exchange exchange, Anomaly anomaly) {
    }
}
