package io.camelstable.guardrail;

/** Which bound a metric broke. */
public enum ViolationType {
    /** Below {@code min}. */
    BELOW_MIN,
    /** Above {@code max}. */
    ABOVE_MAX,
    /** Outside {@code expected ± tolerance}. */
    OUTSIDE_TOLERANCE
}
