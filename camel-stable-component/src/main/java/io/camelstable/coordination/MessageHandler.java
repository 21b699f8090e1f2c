package io.camelstable.coordination;

/** Receives messages for one subscriber. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one delivery. At-least-once and effectively-once messages are redelivered until
     * {@code ack.acknowledge()} is called; a handler that throws is treated as not acknowledged.
     *
     * @param message the message
     * @param ack     acknowledges this message for this subscriber only
     */
    void onMessage(Message message, Acknowledgement ack);

    /**
     * Told when a message reached the delivery bound without an acknowledgement and will not be redelivered.
     *
     * @param message the last delivery of the dead message
     */
    default void onDead(Message message) {
        // no dead-letter handling unless the subscriber asks for it
    }
}
