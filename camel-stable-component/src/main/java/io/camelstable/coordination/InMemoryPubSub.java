package io.camelstable.coordination;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelstable.engine.Cancellable;
import io.camelstable.engine.DelayScheduler;

/**
 * The in-memory topics: bounded retention, per-subscriber acknowledgement and redelivery, and a bounded
 * idempotency window. Handlers are called after the mutex is released.
 */
final class InMemoryPubSub {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryPubSub.class);

    private record Retained(Message message, long publishedAt) {
    }

    private record Seen(String messageId, long sequence, long at) {
    }

    private static final class Pending {
        Message message;
        int deliveries;
        Cancellable timer = Cancellable.NONE;
    }

    private static final class Subscriber {
        final String id;
        ActiveSubscription active;
        final Map<String, Pending> pending = new LinkedHashMap<>();
        /** Ids of retained messages this subscriber acknowledged or gave up on; pruned with the retention. */
        final Set<String> done = new HashSet<>();

        Subscriber(String id) {
            this.id = id;
        }
    }

    private static final class Topic {
        long sequence;
        final ArrayDeque<Retained> retained = new ArrayDeque<>();
        final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
        final LinkedHashMap<String, Seen> idempotencyKeys = new LinkedHashMap<>();
    }

    private final class ActiveSubscription implements Subscription {
        private final String topic;
        private final Subscriber subscriber;
        final MessageHandler handler;

        ActiveSubscription(String topic, Subscriber subscriber, MessageHandler handler) {
            this.topic = topic;
            this.subscriber = subscriber;
            this.handler = handler;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public String subscriberId() {
            return subscriber.id;
        }

        @Override
        public void close() {
            synchronized (mutex) {
                if (subscriber.active == this) {
                    subscriber.active = null;
                    // keep the pending messages: they are delivered again when the subscriber comes back
                    subscriber.pending.values().forEach(p -> p.timer.cancel());
                }
            }
        }
    }

    private final DelayScheduler scheduler;
    private final LongSupplier clock;
    private final DeliverySettings settings;
    private final MetricsCounters metrics;
    private final Object mutex = new Object();
    private final Map<String, Topic> topics = new HashMap<>();
    private long messageIds;
    private boolean closed;

    InMemoryPubSub(DelayScheduler scheduler, LongSupplier clock, DeliverySettings settings, MetricsCounters metrics) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
    }

    PublishResult publish(String topicName, Object payload, PublishOptions options) {
        Objects.requireNonNull(topicName, "topic");
        Objects.requireNonNull(options, "options");
        List<Runnable> after = new ArrayList<>();
        PublishResult result;
        synchronized (mutex) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Topic topic = topics.computeIfAbsent(topicName, k -> new Topic());
            long now = clock.getAsLong();
            prune(topic, now);
            if (options.delivery() == Delivery.EFFECTIVELY_ONCE) {
                Seen seen = topic.idempotencyKeys.get(options.idempotencyKey());
                if (seen != null) {
                    metrics.duplicatesDropped.increment();
                    return new PublishResult(seen.messageId(), seen.sequence(), true);
                }
            }
            Message message = new Message(topicName, "msg-" + (++messageIds), ++topic.sequence, payload,
                    options.delivery(), 0);
            metrics.messagesSent.increment();
            if (options.delivery() == Delivery.EFFECTIVELY_ONCE) {
                topic.idempotencyKeys.put(options.idempotencyKey(),
                        new Seen(message.messageId(), message.sequence(), now));
                prune(topic, now);
            }
            if (options.delivery() == Delivery.AT_MOST_ONCE) {
                for (Subscriber s : topic.subscribers.values()) {
                    if (s.active != null) {
                        ActiveSubscription active = s.active;
                        Message once = withAttempt(message, 1);
                        after.add(() -> call(active, once, () -> {
                        }));
                    }
                }
            } else {
                // retained even with no subscriber, so a subscriber that is down or late still gets it
                if (settings.retentionLimit() > 0) {
                    topic.retained.addLast(new Retained(message, now));
                    prune(topic, now);
                }
                for (Subscriber s : topic.subscribers.values()) {
                    if (s.active != null) {
                        Pending p = new Pending();
                        p.message = message;
                        s.pending.put(message.messageId(), p);
                        after.add(deliver(topic, s, p));
                    }
                }
            }
            result = new PublishResult(message.messageId(), message.sequence(), false);
        }
        after.forEach(Runnable::run);
        return result;
    }

    Subscription subscribe(String topicName, String subscriberId, MessageHandler handler) {
        Objects.requireNonNull(topicName, "topic");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(handler, "handler");
        List<Runnable> after = new ArrayList<>();
        ActiveSubscription subscription;
        synchronized (mutex) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Topic topic = topics.computeIfAbsent(topicName, k -> new Topic());
            prune(topic, clock.getAsLong());
            Subscriber s = topic.subscribers.computeIfAbsent(subscriberId, Subscriber::new);
            subscription = new ActiveSubscription(topicName, s, handler);
            s.active = subscription;
            for (Retained r : topic.retained) {
                String id = r.message().messageId();
                if (!s.done.contains(id) && !s.pending.containsKey(id)) {
                    Pending p = new Pending();
                    p.message = r.message();
                    s.pending.put(id, p);
                }
            }
            for (Pending p : s.pending.values()) {
                p.timer.cancel();
                after.add(deliver(topic, s, p));
            }
        }
        after.forEach(Runnable::run);
        return subscription;
    }

    /** Counts a delivery, arms its redelivery timer and returns the handler call to run outside the mutex. */
    private Runnable deliver(Topic topic, Subscriber s, Pending p) {
        p.deliveries++;
        Message attempt = withAttempt(p.message, p.deliveries);
        ActiveSubscription active = s.active;
        p.timer = scheduler.schedule(() -> redeliveryDue(topic, s, p), settings.redeliveryDelay().toMillis());
        return () -> call(active, attempt, () -> acknowledge(s, p));
    }

    private void call(ActiveSubscription active, Message message, Acknowledgement ack) {
        metrics.messagesReceived.increment();
        try {
            active.handler.onMessage(message, ack);
        } catch (RuntimeException e) {
            // not acknowledged, so an at-least-once message is redelivered by its timer
            LOG.warn("Subscriber {} failed on message {} of topic {}: {}", active.subscriberId(),
                    message.messageId(), message.topic(), e.toString());
        }
    }

    private void acknowledge(Subscriber s, Pending p) {
        synchronized (mutex) {
            if (s.pending.get(p.message.messageId()) == p) {
                s.pending.remove(p.message.messageId());
                p.timer.cancel();
                s.done.add(p.message.messageId());
            }
        }
    }

    private void redeliveryDue(Topic topic, Subscriber s, Pending p) {
        Runnable next;
        synchronized (mutex) {
            if (closed || s.pending.get(p.message.messageId()) != p || s.active == null) {
                return; // acknowledged, or the subscriber is down: it is delivered again on subscribe
            }
            if (p.deliveries >= settings.maxDeliveries()) {
                s.pending.remove(p.message.messageId());
                s.done.add(p.message.messageId());
                metrics.messagesDead.increment();
                ActiveSubscription active = s.active;
                Message last = withAttempt(p.message, p.deliveries);
                next = () -> active.handler.onDead(last);
            } else {
                next = deliver(topic, s, p);
            }
        }
        next.run();
    }

    /** Drops retained messages and idempotency keys beyond the count and time bounds. */
    private void prune(Topic topic, long now) {
        long retentionMillis = settings.retentionTime().toMillis();
        int guard = topic.retained.size();
        while (guard-- > 0 && !topic.retained.isEmpty()
                && (topic.retained.size() > settings.retentionLimit()
                    || now - topic.retained.peekFirst().publishedAt() >= retentionMillis)) {
            String id = topic.retained.pollFirst().message().messageId();
            for (Subscriber s : topic.subscribers.values()) {
                s.done.remove(id);
                if (s.active == null) {
                    s.pending.remove(id);
                }
            }
        }
        long dedupMillis = settings.dedupWindowTime().toMillis();
        Iterator<Seen> seen = topic.idempotencyKeys.values().iterator();
        while (seen.hasNext()) {
            Seen oldest = seen.next();
            if (topic.idempotencyKeys.size() <= settings.dedupWindowSize() && now - oldest.at() < dedupMillis) {
                break; // insertion order: the rest are newer
            }
            seen.remove();
        }
    }

    private static Message withAttempt(Message m, int attempt) {
        return new Message(m.topic(), m.messageId(), m.sequence(), m.payload(), m.delivery(), attempt);
    }

    void close() {
        synchronized (mutex) {
            closed = true;
            for (Topic topic : topics.values()) {
                for (Subscriber s : topic.subscribers.values()) {
                    s.active = null;
                    s.pending.values().forEach(p -> p.timer.cancel());
                }
            }
        }
    }
}
