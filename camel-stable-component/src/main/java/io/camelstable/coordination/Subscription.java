package io.camelstable.coordination;

/** An active subscription; closing it stops delivery but keeps the subscriber's place for retention. */
public interface Subscription extends AutoCloseable {

    /** @return the topic */
    String topic();

    /** @return the durable subscriber id */
    String subscriberId();

    /** Stops delivery to this handler; unacknowledged messages stay retained for the subscriber id. */
    @Override
    void close();
}
