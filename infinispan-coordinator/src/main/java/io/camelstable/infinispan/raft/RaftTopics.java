package io.camelstable.infinispan.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.Message;
import io.camelstable.coordination.MessageHandler;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.Subscription;
import io.camelstable.infinispan.LocalDelivery;
import io.camelstable.infinispan.ValueCodec;

/**
 * This node's side of the replicated topics: publishing and subscribing are log commands; the log's answers feed
 * {@link LocalDelivery}, which runs the handlers of the subscribers that live here. What was published and what
 * each subscriber acknowledged is in the log, so a subscriber that comes back on any node gets what it has not
 * acknowledged.
 */
final class RaftTopics {

    private final LogClient log;
    private final MetricsCounters metrics;
    private final LocalDelivery delivery;

    RaftTopics(LogClient log, ScheduledExecutorService timers, Executor callbacks, DeliverySettings settings,
               MetricsCounters metrics) {
        this.log = log;
        this.metrics = metrics;
        this.delivery = new LocalDelivery(timers, callbacks, settings, metrics, (topic, subscriberId, sequence) ->
                log.submit(Op.ACKNOWLEDGE, out -> {
                    ValueCodec.writeString(out, topic);
                    ValueCodec.writeString(out, subscriberId);
                    out.writeLong(sequence);
                }));
    }

    CompletableFuture<PublishResult> publish(String topic, Object payload, PublishOptions options) {
        ValueCodec.check(payload);
        return log.submit(Op.PUBLISH, out -> {
            ValueCodec.writeString(out, topic);
            ValueCodec.write(out, payload);
            out.writeByte(options.delivery().ordinal());
            ValueCodec.writeNullableString(out, options.idempotencyKey());
        }).thenApply(reply -> {
            try {
                PublishResult r = new PublishResult(ValueCodec.readString(reply.in()), reply.in().readLong(),
                        reply.in().readBoolean());
                (r.duplicate() ? metrics.duplicatesDropped : metrics.messagesSent).increment();
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler) {
        Subscription subscription = delivery.register(topic, subscriberId, handler);
        // the log answers with what the subscriber has not acknowledged, through subscribed()
        return log.submit(Op.SUBSCRIBE, Commands.strings(topic, subscriberId)).thenApply(reply -> subscription);
    }

    // ---- from the log (applier thread)

    void published(TopicTable.Retained message) {
        delivery.published(toMessage(message));
    }

    void subscribed(String topic, String subscriberId, List<TopicTable.Retained> undone) {
        undone.forEach(m -> delivery.offer(topic, subscriberId, toMessage(m)));
    }

    void acknowledged(String topic, String subscriberId, long sequence) {
        delivery.acknowledged(topic, subscriberId, sequence);
    }

    private static Message toMessage(TopicTable.Retained r) {
        return new Message(r.topic(), r.messageId(), r.sequence(), r.payload(), r.delivery(), 0);
    }

    void close() {
        delivery.close();
    }
}
