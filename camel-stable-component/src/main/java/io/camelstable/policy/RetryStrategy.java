package io.camelstable.policy;

/**
 * How the base delay between two attempts grows. The names are the seed library's strategies plus
 * decorrelated jitter (the Finagle / Polly "decorrelated jittered" backoff).
 */
public enum RetryStrategy {
    /** Always {@code wait}. */
    FIXED,
    /** {@code attempt × wait}. */
    LINEAR,
    /** {@code wait × 2^(attempt−1)}. */
    EXPONENTIAL,
    /**
     * A random delay between {@code wait} and three times the previous delay, so concurrent clients
     * spread out instead of retrying in lock-step. The {@code jitter} option does not apply to it.
     */
    DECORRELATED_JITTER
}
