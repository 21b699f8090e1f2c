package io.camelstable.policy;

import java.util.function.DoubleSupplier;

/**
 * The delay between attempts: a base delay from the {@link RetryStrategy}, spread by {@code jitter},
 * then capped by {@code maxAllowedWait} (SPEC §1.2). Immutable; validated when built.
 *
 * @param strategy       how the base delay grows
 * @param waitMillis     base delay in milliseconds (≥ 0)
 * @param maxAllowedWait cap on any single delay in milliseconds (≥ 0)
 * @param jitter         fraction in [0, 1]: the delay is multiplied by a uniform factor in [1−jitter, 1+jitter]
 */
public record Backoff(RetryStrategy strategy, long waitMillis, long maxAllowedWait, double jitter) {

    /** The seed's defaults: fixed 1 s, capped at 60 s, no jitter. */
    public static final Backoff DEFAULT = new Backoff(RetryStrategy.FIXED, 1000, 60_000, 0);

    /** Validates every field; the messages name the option, the value and what is allowed. */
    public Backoff {
        if (strategy == null) {
            throw new InvalidOptionException("retryStrategy", null, "one of FIXED, LINEAR, EXPONENTIAL, DECORRELATED_JITTER");
        }
        InvalidOptionException.requireAtLeast("wait", waitMillis, 0);
        InvalidOptionException.requireAtLeast("maxAllowedWait", maxAllowedWait, 0);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new InvalidOptionException("jitter", jitter, "a fraction in [0, 1] (0.3 means ±30%)");
        }
    }

    /**
     * The delay to wait after attempt {@code attempt} (1-based) has failed.
     *
     * @param attempt       the attempt that just finished
     * @param previousDelay the delay waited before that attempt (0 before the first retry)
     * @param random        uniform source in [0, 1)
     * @return              milliseconds, never negative and never above {@code maxAllowedWait}
     */
    public long delayAfter(int attempt, long previousDelay, DoubleSupplier random) {
        double delay;
        switch (strategy) {
            case LINEAR -> delay = (double) attempt * waitMillis;
            case EXPONENTIAL -> delay = waitMillis * Math.pow(2, attempt - 1);
            case DECORRELATED_JITTER -> {
                double upper = Math.max(waitMillis, 3.0 * Math.max(previousDelay, waitMillis));
                return cap(waitMillis + random.getAsDouble() * (upper - waitMillis));
            }
            default -> delay = waitMillis;
        }
        if (jitter > 0) {
            delay = delay * (1 - jitter + 2 * jitter * random.getAsDouble());
        }
        return cap(delay);
    }

    private long cap(double delay) {
        return Math.max(0, Math.min(Math.round(delay), maxAllowedWait));
    }
}
