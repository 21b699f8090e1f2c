package io.camelstable.coordination;

/** Acknowledges one message for one subscriber. */
@FunctionalInterface
public interface Acknowledgement {

    /** Stops redelivery of the message to this subscriber; calling it twice is harmless. */
    void acknowledge();
}
