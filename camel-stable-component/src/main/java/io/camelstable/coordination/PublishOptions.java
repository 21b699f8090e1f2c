package io.camelstable.coordination;

import java.util.Objects;

/**
 * How to publish a message.
 *
 * @param delivery       the delivery guarantee
 * @param idempotencyKey required for {@link Delivery#EFFECTIVELY_ONCE}; ignored otherwise
 */
public record PublishOptions(Delivery delivery, String idempotencyKey) {

    /** Checks that effectively-once has a key. */
    public PublishOptions {
        Objects.requireNonNull(delivery, "delivery");
        if (delivery == Delivery.EFFECTIVELY_ONCE && (idempotencyKey == null || idempotencyKey.isEmpty())) {
            throw new IllegalArgumentException("EFFECTIVELY_ONCE needs an idempotencyKey");
        }
    }

    /**
     * @param  delivery AT_MOST_ONCE or AT_LEAST_ONCE
     * @return          options without an idempotency key
     */
    public static PublishOptions of(Delivery delivery) {
        return new PublishOptions(delivery, null);
    }

    /**
     * @param  idempotencyKey the key that identifies duplicates
     * @return                effectively-once options
     */
    public static PublishOptions effectivelyOnce(String idempotencyKey) {
        return new PublishOptions(Delivery.EFFECTIVELY_ONCE, idempotencyKey);
    }
}
