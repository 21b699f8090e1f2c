package io.camelstable.infinispan.cache;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.infinispan.Cache;
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
 * Topics in the replicated cache: a message is an entry keyed by topic and a per-topic sequence (a
 * {@code StrongCounter}) with a lifespan of {@code retentionTime}; publishing sequence n removes n −
 * {@code retentionLimit}, so about that many stay. Acknowledgements are entries per subscriber and sequence;
 * effectively-once idempotency keys are {@code putIfAbsent} entries living {@code dedupWindowTime}. Every node
 * sees each new message through its cache listener and delivers it to the subscribers that live here, with
 * redelivery timers up to {@code maxDeliveries}, then {@code onDead}.
 */
final class CacheTopics {

    static final String PREFIX = "msg\u0000";
    private static final String ACK = "ack\u0000";
    private static final String SEEN = "seen\u0000";
    private static final String SEQUENCE = "stable-default-topic-";
    private static final Logger LOG = LoggerFactory.getLogger(CacheTopics.class);

    /** A published message as stored. */
    record Stored(String topic, long sequence, String messageId, Object payload, Delivery delivery) {
        static Stored of(String packed) {
            List<?> f = EntryCodec.unpack(packed);
            return new Stored(EntryCodec.stringAt(f, 0), EntryCodec.longAt(f, 1), EntryCodec.stringAt(f, 2), f.get(3),
                    Delivery.valueOf(EntryCodec.stringAt(f, 4)));
        }

        String pack() {
            return EntryCodec.pack(topic, sequence, messageId, payload, delivery.name());
        }

        Message attempt(int attempt) {
            return new Message(topic, messageId, sequence, payload, delivery, attempt);
        }
    }

    private static final class Pending {
        final Stored message;
        int deliveries;
        Future<?> timer;

        Pending(Stored message) {
            this.message = message;
        }
    }

    private final class Active implements Subscription {
        final String topic;
        final String subscriberId;
        final MessageHandler handler;
        final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        /** Sequences finished during this subscription (bounded by the retention), so no path offers them again. */
        final NavigableSet<Long> done = new ConcurrentSkipListSet<>();

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
            // the cache keeps what it has not acknowledged: it is delivered again when the subscriber comes back
            active.remove(key(topic, subscriberId), this);
            pending.values().forEach(p -> CacheLocks.cancel(p.timer));
            pending.clear();
        }
    }

    private final Cache<String, String> cache;
    private final CacheCounters counters;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final DeliverySettings settings;
    private final MetricsCounters metrics;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    CacheTopics(Cache<String, String> cache, CacheCounters counters, ScheduledExecutorService timers,
                Executor callbacks, DeliverySettings settings, MetricsCounters metrics) {
        this.cache = cache;
        this.counters = counters;
        this.timers = timers;
        this.callbacks = callbacks;
        this.settings = settings;
        this.metrics = metrics;
    }

    private static String key(String topic, String subscriberId) {
        return topic + '\u0000' + subscriberId;
    }

    private static String messageKey(String topic, long sequence) {
        return PREFIX + topic + '\u0000' + sequence;
    }

    private static String ackKey(String topic, String subscriberId, long sequence) {
        return ACK + topic + '\u0000' + subscriberId + '\u0000' + sequence;
    }

    CompletableFuture<PublishResult> publish(String topic, Object payload, PublishOptions options) {
        ValueCodec.check(payload);
        return counters.add(SEQUENCE + topic, 1).thenCompose(sequence -> {
            Stored message = new Stored(topic, sequence, "msg-" + topic + "-" + sequence, payload,
                    options.delivery());
            return firstSeen(message, options).thenCompose(earlier -> {
                if (earlier != null) {
                    metrics.duplicatesDropped.increment();
                    return CompletableFuture.completedFuture(earlier);
                }
                return cache.putAsync(messageKey(topic, sequence), message.pack(),
                        settings.retentionTime().toMillis(), TimeUnit.MILLISECONDS).thenApply(previous -> {
                            // every node's listener saw the write before it returned (REPL_SYNC): trim behind it
                            long stale = options.delivery() == Delivery.AT_MOST_ONCE ? sequence
                                    : sequence - settings.retentionLimit();
                            if (stale >= 1) {
                                cache.removeAsync(messageKey(topic, stale));
                            }
                            metrics.messagesSent.increment();
                            return new PublishResult(message.messageId(), sequence, false);
                        });
            });
        });
    }

    /** @return the earlier publish of the same idempotency key, or null if this one is the first in the window */
    private CompletableFuture<PublishResult> firstSeen(Stored message, PublishOptions options) {
        if (options.delivery() != Delivery.EFFECTIVELY_ONCE) {
            return CompletableFuture.completedFuture(null);
        }
        return cache.putIfAbsentAsync(SEEN + message.topic() + '\u0000' + options.idempotencyKey(),
                EntryCodec.pack(message.messageId(), message.sequence()), settings.dedupWindowTime().toMillis(),
                TimeUnit.MILLISECONDS).thenApply(existing -> {
                    if (existing == null) {
                        return null;
                    }
                    List<?> f = EntryCodec.unpack(existing);
                    return new PublishResult(EntryCodec.stringAt(f, 0), EntryCodec.longAt(f, 1), true);
                });
    }

    CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler) {
        Active subscription = new Active(topic, subscriberId, handler);
        Active previous = active.put(key(topic, subscriberId), subscription);
        if (previous != null) {
            previous.close(); // one handler per subscriber id and topic on this node: the new one replaces it
        }
        if (settings.retentionLimit() == 0) {
            return CompletableFuture.completedFuture(subscription);
        }
        // what is retained and not acknowledged by this subscriber is delivered now
        return counters.value(SEQUENCE + topic).thenCompose(last -> {
            Set<String> messages = new LinkedHashSet<>();
            Set<String> acks = new LinkedHashSet<>();
            for (long s = Math.max(1, last - settings.retentionLimit() + 1); s <= last; s++) {
                messages.add(messageKey(topic, s));
                acks.add(ackKey(topic, subscriberId, s));
            }
            return cache.getAllAsync(messages).thenCombine(cache.getAllAsync(acks), (retained, acknowledged) -> {
                retained.values().stream().map(Stored::of).filter(m -> m.delivery() != Delivery.AT_MOST_ONCE)
                        .filter(m -> !acknowledged.containsKey(ackKey(topic, subscriberId, m.sequence())))
                        .sorted((a, b) -> Long.compare(a.sequence(), b.sequence()))
                        .forEach(m -> offer(subscription, m));
                return subscription;
            });
        });
    }

    // ---- from the cache listener (every node sees every write)

    void published(String packed) {
        Stored message = Stored.of(packed);
        for (Active a : active.values()) {
            if (!a.topic.equals(message.topic())) {
                continue;
            }
            if (message.delivery() == Delivery.AT_MOST_ONCE) {
                Message once = message.attempt(1);
                callbacks.execute(() -> call(a, once, () -> {
                }));
            } else {
                offer(a, message);
            }
        }
    }

    private void offer(Active a, Stored message) {
        if (a.done.contains(message.sequence()) || active.get(key(a.topic, a.subscriberId)) != a) {
            return;
        }
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
        Message message = p.message.attempt(attempt);
        callbacks.execute(() -> call(a, message, () -> acknowledge(a, p, false)));
    }

    private void redeliveryDue(Active a, Pending p) {
        if (a.pending.get(p.message.sequence()) != p || active.get(key(a.topic, a.subscriberId)) != a) {
            return; // acknowledged, or the subscription closed: delivered again on subscribe
        }
        if (p.deliveries >= settings.maxDeliveries()) {
            metrics.messagesDead.increment();
            Message last = p.message.attempt(p.deliveries);
            acknowledge(a, p, true);
            callbacks.execute(() -> a.handler.onDead(last));
        } else {
            deliver(a, p);
        }
    }

    /** Records that the subscriber is done with the message (acknowledged, or gave up on it). */
    private void acknowledge(Active a, Pending p, boolean dead) {
        long sequence = p.message.sequence();
        if (!a.pending.remove(sequence, p)) {
            return;
        }
        CacheLocks.cancel(p.timer);
        a.done.add(sequence);
        a.done.headSet(sequence - settings.retentionLimit()).clear();
        cache.putAsync(ackKey(a.topic, a.subscriberId, sequence), "1", settings.retentionTime().toMillis(),
                TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
                    if (e != null && !dead) {
                        // the cache did not take the acknowledgement: keep delivering, at least once
                        a.done.remove(sequence);
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

    void close() {
        active.values().forEach(Active::close);
        active.clear();
    }
}
