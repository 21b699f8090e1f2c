package io.camelstable.infinispan.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelstable.coordination.Acknowledgement;
import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.Message;
import io.camelstable.coordination.MessageHandler;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.Subscription;
import io.camelstable.infinispan.ValueCodec;

/**
 * This node's side of the replicated topics: the handlers of the subscribers that live here, their pending
 * deliveries and redelivery timers. What was published and what each subscriber acknowledged is in the log,
 * so a subscriber that comes back on any node gets what it has not acknowledged.
 */
final class RaftTopics {

    private static final Logger LOG = LoggerFactory.getLogger(RaftTopics.class);

    private static final class Pending {
        final TopicTable.Retained message;
        int deliveries;
        Future<?> timer;

        Pending(TopicTable.Retained message) {
            this.message = message;
        }
    }

    private final class Active implements Subscription {
        final String topic;
        final String subscriberId;
        final MessageHandler handler;
        final Map<Long, Pending> pending = new ConcurrentHashMap<>();

        Active(String topic, String subscriberId, MessageHandler handler) {
            this.topic = topic;
            this.subscriberId = subscriberId;
            this.handler = handler;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public String subscriberId() {
            return subscriberId;
        }

        @Override
        public void close() {
            // the log keeps what it has not acknowledged: it is delivered again when the subscriber comes back
            active.remove(key(topic, subscriberId), this);
            pending.values().forEach(p -> cancel(p.timer));
            pending.clear();
        }
    }

    private final LogClient log;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final DeliverySettings settings;
    private final MetricsCounters metrics;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    RaftTopics(LogClient log, ScheduledExecutorService timers, Executor callbacks, DeliverySettings settings,
               MetricsCounters metrics) {
        this.log = log;
        this.timers = timers;
        this.callbacks = callbacks;
        this.settings = settings;
        this.metrics = metrics;
    }

    private static String key(String topic, String subscriberId) {
        return topic + '\u0000' + subscriberId;
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
        Active subscription = new Active(topic, subscriberId, handler);
        Active previous = active.put(key(topic, subscriberId), subscription);
        if (previous != null) {
            previous.close(); // one handler per subscriber id and topic on this node: the new one replaces it
        }
        // the log answers with what the subscriber has not acknowledged, through subscribed()
        return log.submit(Op.SUBSCRIBE, Commands.strings(topic, subscriberId)).thenApply(reply -> subscription);
    }

    // ---- from the log (applier thread)

    void published(TopicTable.Retained message) {
        for (Active a : active.values()) {
            if (!a.topic.equals(message.topic())) {
                continue;
            }
            if (message.delivery() == Delivery.AT_MOST_ONCE) {
                Message once = toMessage(message, 1);
                callbacks.execute(() -> call(a, once, () -> {
                }));
            } else {
                offer(a, message);
            }
        }
    }

    void subscribed(String topic, String subscriberId, List<TopicTable.Retained> undone) {
        Active a = active.get(key(topic, subscriberId));
        if (a != null) {
            undone.forEach(m -> offer(a, m));
        }
    }

    void acknowledged(String topic, String subscriberId, long sequence) {
        Active a = active.get(key(topic, subscriberId));
        if (a != null) {
            Pending p = a.pending.remove(sequence);
            if (p != null) {
                cancel(p.timer);
            }
        }
    }

    private void offer(Active a, TopicTable.Retained message) {
        Pending p = new Pending(message);
        if (a.pending.putIfAbsent(message.sequence(), p) == null) {
            deliver(a, p);
        }
    }

    private void deliver(Active a, Pending p) {
        int attempt;
        synchronized (p) {
            attempt = ++p.deliveries;
            p.timer = timers.schedule(() -> redeliveryDue(a, p), settings.redeliveryDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        Message message = toMessage(p.message, attempt);
        callbacks.execute(() -> call(a, message, () -> acknowledge(a, p, false)));
    }

    private void redeliveryDue(Active a, Pending p) {
        if (a.pending.get(p.message.sequence()) != p || active.get(key(a.topic, a.subscriberId)) != a) {
            return; // acknowledged, or the subscription closed: delivered again on subscribe
        }
        if (p.deliveries >= settings.maxDeliveries()) {
            metrics.messagesDead.increment();
            Message last = toMessage(p.message, p.deliveries);
            acknowledge(a, p, true);
            callbacks.execute(() -> a.handler.onDead(last));
        } else {
            deliver(a, p);
        }
    }

    /** Records in the log that the subscriber is done with the message (acknowledged, or gave up on it). */
    private void acknowledge(Active a, Pending p, boolean dead) {
        if (!a.pending.remove(p.message.sequence(), p)) {
            return;
        }
        cancel(p.timer);
        log.submit(Op.ACKNOWLEDGE, out -> {
            ValueCodec.writeString(out, a.topic);
            ValueCodec.writeString(out, a.subscriberId);
            out.writeLong(p.message.sequence());
        }).whenComplete((r, e) -> {
            if (e != null && !dead && active.get(key(a.topic, a.subscriberId)) == a) {
                // the log did not take the acknowledgement: keep delivering, at least once
                offer(a, p.message);
            }
        });
    }

    private void call(Active a, Message message, Acknowledgement ack) {
        metrics.messagesReceived.increment();
        try {
            a.handler.onMessage(message, ack);
        } catch (RuntimeException e) {
            // not acknowledged, so an at-least-once message is redelivered by its timer
            LOG.warn("Subscriber {} failed on message {} of topic {}: {}", a.subscriberId, message.messageId(),
                    message.topic(), e.toString());
        }
    }

    private static Message toMessage(TopicTable.Retained r, int attempt) {
        return new Message(r.topic(), r.messageId(), r.sequence(), r.payload(), r.delivery(), attempt);
    }

    void close() {
        active.values().forEach(Active::close);
        active.clear();
    }

    private static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
