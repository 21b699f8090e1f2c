package io.camelstable.guardrail;

/** How far a metric strayed (the seed's bands: above 50%, above 20%, else; tolerance: above 2x, above 1.5x, else). */
public enum Severity {
    /** Far out of bounds. */
    CRITICAL,
    /** Clearly out of bounds. */
    WARNING,
    /** Slightly out of bounds. */
    INFO
}
