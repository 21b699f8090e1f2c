package io.camelstable.policy;

/**
 * Fault injection instead of the real call (SPEC §1.7): each attempt fails with probability
 * {@code reqFailureProbability}; a simulated failure is classed non-retryable with probability
 * {@code retryFailureProbability}. Unlike the seed, the second probability applies to functions too.
 *
 * @param enabled                 simulate instead of calling the delegate
 * @param reqFailureProbability   chance that an attempt fails, in [0, 1]
 * @param retryFailureProbability chance that a simulated failure is not retryable, in [0, 1]
 */
public record TrialMode(boolean enabled, double reqFailureProbability, double retryFailureProbability) {

    /** Trial mode off. */
    public static final TrialMode OFF = new TrialMode(false, 0, 0);

    /** Validates both probabilities, whether or not trial mode is enabled (a typo should not wait). */
    public TrialMode {
        InvalidOptionException.requireProbability("reqFailureProbability", reqFailureProbability);
        InvalidOptionException.requireProbability("retryFailureProbability", retryFailureProbability);
    }
}
