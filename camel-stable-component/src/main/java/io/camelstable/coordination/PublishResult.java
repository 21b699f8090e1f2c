package io.camelstable.coordination;

/**
 * The answer to {@link Coordinator#publish}.
 *
 * @param messageId the id of the message, or of the earlier message when a duplicate was dropped
 * @param sequence  the per-topic sequence number (1, 2, 3, ...)
 * @param duplicate whether the idempotency key was already seen, so nothing was published
 */
public record PublishResult(String messageId, long sequence, boolean duplicate) {
}
