package io.camelstable.breaker;

import io.camelstable.policy.InvalidOptionException;

/**
 * How a circuit breaker decides (SPEC §1.8, with the resilience4j sliding window and slow calls).
 * Immutable and validated when built.
 *
 * @param failureThresholdPercentage trip when this percentage of the window's calls failed, in (0, 100]
 * @param minimumRequests            calls the window must hold before the rates count, ≥ 1
 * @param recoveryTimeoutMs          time OPEN lasts before HALF_OPEN, counted from the opening only, ≥ 1
 * @param halfOpenMaxRequests        calls admitted in flight while HALF_OPEN; when all have completed the
 *                                   breaker closes or reopens, ≥ 1
 * @param successThresholdPercentage percentage of the half-open calls that must succeed to close, in [0, 100]
 * @param trackIndividualAttempts    record every attempt instead of one outcome per execution
 * @param slidingWindowType          count-based (last N calls) or time-based (last N seconds)
 * @param slidingWindowSize          N calls or N seconds, ≥ 1
 * @param slowCallDurationThreshold  milliseconds above which a call counts as slow, 0 to ignore slowness
 * @param slowCallRateThreshold      trip when this percentage of the window's calls was slow, in (0, 100]
 */
public record CircuitBreakerConfig(double failureThresholdPercentage, int minimumRequests, long recoveryTimeoutMs,
        int halfOpenMaxRequests, double successThresholdPercentage, boolean trackIndividualAttempts,
        SlidingWindowType slidingWindowType, int slidingWindowSize, long slowCallDurationThreshold,
        double slowCallRateThreshold) {

    /** Count-based or time-based window. */
    public enum SlidingWindowType {
        /** The last {@code slidingWindowSize} calls. */
        COUNT_BASED,
        /** The calls of the last {@code slidingWindowSize} seconds. */
        TIME_BASED
    }

    /** Defaults: 50%, 10 calls, 30 s, 5 half-open calls, 50% to close, a window of the last 100 calls. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(50, 10, 30_000, 5, 50, false,
            SlidingWindowType.COUNT_BASED, 100, 0, 100);

    /** Validates every field, naming the option. */
    public CircuitBreakerConfig {
        requirePercentage("failureThresholdPercentage", failureThresholdPercentage, false);
        InvalidOptionException.requireAtLeast("minimumRequests", minimumRequests, 1);
        InvalidOptionException.requireAtLeast("recoveryTimeoutMs", recoveryTimeoutMs, 1);
        InvalidOptionException.requireAtLeast("halfOpenMaxRequests", halfOpenMaxRequests, 1);
        requirePercentage("successThresholdPercentage", successThresholdPercentage, true);
        if (slidingWindowType == null) {
            throw new InvalidOptionException("slidingWindowType", null, "COUNT_BASED or TIME_BASED");
        }
        InvalidOptionException.requireAtLeast("slidingWindowSize", slidingWindowSize, 1);
        InvalidOptionException.requireAtLeast("slowCallDurationThreshold", slowCallDurationThreshold, 0);
        requirePercentage("slowCallRateThreshold", slowCallRateThreshold, false);
    }

    private static void requirePercentage(String option, double value, boolean zeroAllowed) {
        if (!(value <= 100 && (zeroAllowed ? value >= 0 : value > 0))) {
            throw new InvalidOptionException(option, value, zeroAllowed ? "a percentage in [0, 100]" : "a percentage in (0, 100]");
        }
    }

    /** @return a builder starting from these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** Mutable companion for readable construction. */
    public static final class Builder {
        private double failureThresholdPercentage;
        private int minimumRequests;
        private long recoveryTimeoutMs;
        private int halfOpenMaxRequests;
        private double successThresholdPercentage;
        private boolean trackIndividualAttempts;
        private SlidingWindowType slidingWindowType;
        private int slidingWindowSize;
        private long slowCallDurationThreshold;
        private double slowCallRateThreshold;

        private Builder(CircuitBreakerConfig c) {
            failureThresholdPercentage = c.failureThresholdPercentage;
            minimumRequests = c.minimumRequests;
            recoveryTimeoutMs = c.recoveryTimeoutMs;
            halfOpenMaxRequests = c.halfOpenMaxRequests;
            successThresholdPercentage = c.successThresholdPercentage;
            trackIndividualAttempts = c.trackIndividualAttempts;
            slidingWindowType = c.slidingWindowType;
            slidingWindowSize = c.slidingWindowSize;
            slowCallDurationThreshold = c.slowCallDurationThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
        }

        /** @param v percentage @return this */
        public Builder failureThresholdPercentage(double v) {
            failureThresholdPercentage = v;
            return this;
        }

        /** @param v calls @return this */
        public Builder minimumRequests(int v) {
            minimumRequests = v;
            return this;
        }

        /** @param v milliseconds @return this */
        public Builder recoveryTimeoutMs(long v) {
            recoveryTimeoutMs = v;
            return this;
        }

        /** @param v calls @return this */
        public Builder halfOpenMaxRequests(int v) {
            halfOpenMaxRequests = v;
            return this;
        }

        /** @param v percentage @return this */
        public Builder successThresholdPercentage(double v) {
            successThresholdPercentage = v;
            return this;
        }

        /** @param v record attempts @return this */
        public Builder trackIndividualAttempts(boolean v) {
            trackIndividualAttempts = v;
            return this;
        }

        /** @param v window type @return this */
        public Builder slidingWindowType(SlidingWindowType v) {
            slidingWindowType = v;
            return this;
        }

        /** @param v calls or seconds @return this */
        public Builder slidingWindowSize(int v) {
            slidingWindowSize = v;
            return this;
        }

        /** @param v milliseconds, 0 to ignore @return this */
        public Builder slowCallDurationThreshold(long v) {
            slowCallDurationThreshold = v;
            return this;
        }

        /** @param v percentage @return this */
        public Builder slowCallRateThreshold(double v) {
            slowCallRateThreshold = v;
            return this;
        }

        /** @return the validated config */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(failureThresholdPercentage, minimumRequests, recoveryTimeoutMs,
                    halfOpenMaxRequests, successThresholdPercentage, trackIndividualAttempts, slidingWindowType,
                    slidingWindowSize, slowCallDurationThreshold, slowCallRateThreshold);
        }
    }
}
