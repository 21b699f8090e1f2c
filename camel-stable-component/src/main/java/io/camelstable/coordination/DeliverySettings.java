package io.camelstable.coordination;

import java.time.Duration;

/**
 * Bounds of the in-memory pub/sub: every buffer it keeps has a limit in count and in time.
 *
 * @param maxDeliveries    deliveries of an unacknowledged message per subscriber before it is reported dead, ≥ 1
 * @param redeliveryDelay  how long a delivery waits for an acknowledgement before the next one
 * @param retentionLimit   at-least-once messages retained per topic for subscribers that are down or late
 * @param retentionTime    how long a retained message is kept
 * @param dedupWindowSize  idempotency keys remembered per topic
 * @param dedupWindowTime  how long an idempotency key is remembered
 */
public record DeliverySettings(
        int maxDeliveries,
        Duration redeliveryDelay,
        int retentionLimit,
        Duration retentionTime,
        int dedupWindowSize,
        Duration dedupWindowTime) {

    /** Checks the bounds. */
    public DeliverySettings {
        if (maxDeliveries < 1 || retentionLimit < 0 || dedupWindowSize < 0) {
            throw new IllegalArgumentException("maxDeliveries must be ≥ 1 and limits ≥ 0");
        }
        if (redeliveryDelay.isNegative() || redeliveryDelay.isZero()) {
            throw new IllegalArgumentException("redeliveryDelay must be positive");
        }
    }

    /** @return 5 deliveries 5 s apart, 1,000 messages retained for 10 min, 10,000 keys deduplicated for 10 min */
    public static DeliverySettings defaults() {
        return new DeliverySettings(5, Duration.ofSeconds(5), 1000, Duration.ofMinutes(10), 10_000,
                Duration.ofMinutes(10));
    }
}
