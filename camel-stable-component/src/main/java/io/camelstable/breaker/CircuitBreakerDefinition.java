package io.camelstable.breaker;

/**
 * A breaker declared as a bean with setters, for Camel Main properties and YAML beans, for example
 * {@code camel.beans.userService=#class:io.camelstable.breaker.CircuitBreakerDefinition} and
 * {@code camel.beans.userService.failureThresholdPercentage=25}. Routes naming {@code circuitBreaker=userService}
 * share the one breaker built from it. Unset values keep {@link CircuitBreakerConfig#DEFAULT}.
 */
public class CircuitBreakerDefinition {

    private CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder();

    /** Starts from the defaults. */
    public CircuitBreakerDefinition() {
    }

    /** @return the validated configuration */
    public CircuitBreakerConfig toConfig() {
        return builder.build();
    }

    /** @param v percentage of failed calls that trips the breaker */
    public void setFailureThresholdPercentage(double v) {
        builder.failureThresholdPercentage(v);
    }

    /** @param v calls needed before rates count */
    public void setMinimumRequests(int v) {
        builder.minimumRequests(v);
    }

    /** @param v milliseconds OPEN lasts */
    public void setRecoveryTimeoutMs(long v) {
        builder.recoveryTimeoutMs(v);
    }

    /** @param v trial calls while HALF_OPEN */
    public void setHalfOpenMaxRequests(int v) {
        builder.halfOpenMaxRequests(v);
    }

    /** @param v percentage of trial calls that must succeed */
    public void setSuccessThresholdPercentage(double v) {
        builder.successThresholdPercentage(v);
    }

    /** @param v record every attempt */
    public void setTrackIndividualAttempts(boolean v) {
        builder.trackIndividualAttempts(v);
    }

    /** @param v COUNT_BASED or TIME_BASED */
    public void setSlidingWindowType(CircuitBreakerConfig.SlidingWindowType v) {
        builder.slidingWindowType(v);
    }

    /** @param v calls or seconds */
    public void setSlidingWindowSize(int v) {
        builder.slidingWindowSize(v);
    }

    /** @param v milliseconds above which a call is slow, 0 to ignore */
    public void setSlowCallDurationThreshold(long v) {
        builder.slowCallDurationThreshold(v);
    }

    /** @param v percentage of slow calls that trips the breaker */
    public void setSlowCallRateThreshold(double v) {
        builder.slowCallRateThreshold(v);
    }
}
