package io.camelstable.result;

/** How one attempt ended. */
public enum AttemptStatus {
    /** The call succeeded and the response analyzer accepted it. */
    SUCCEEDED,
    /** The call failed (an exception or a failed HTTP status). */
    FAILED,
    /** The call returned, but the response analyzer rejected the content. */
    REJECTED,
    /** The call did not finish within {@code attemptTimeout} and was cancelled. */
    TIMED_OUT,
    /** No call was made: the circuit breaker (or a limiter) refused it. */
    NOT_PERMITTED,
    /** The execution was cancelled by its caller (a lost race, a gateway timeout): the attempt was stopped. */
    CANCELLED
}
