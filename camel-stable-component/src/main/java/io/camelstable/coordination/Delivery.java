package io.camelstable.coordination;

/** Delivery guarantee of a published message; the publisher chooses it. */
public enum Delivery {
    /** Delivered once to the subscribers active at publish time; not retained, never redelivered. */
    AT_MOST_ONCE,
    /** Retained and redelivered to each subscriber until it acknowledges or the delivery bound is reached. */
    AT_LEAST_ONCE,
    /** As at-least-once, and a repeated idempotency key within the dedup window is dropped at publish. */
    EFFECTIVELY_ONCE
}
