package io.camelstable.coordination;

/**
 * A delivered message.
 *
 * @param topic     the topic
 * @param messageId unique per coordinator
 * @param sequence  per-topic sequence number
 * @param payload   what was published
 * @param delivery  the publisher's guarantee
 * @param attempt   1 on first delivery to this subscriber, then 2, 3, ... on redelivery
 */
public record Message(String topic, String messageId, long sequence, Object payload, Delivery delivery, int attempt) {
}
