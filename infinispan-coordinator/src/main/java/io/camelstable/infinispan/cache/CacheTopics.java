package io.camelstable.infinispan.cache;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.infinispan.Cache;

import io.camelstable.coordination.Delivery;
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
 * Topics in the replicated cache: a message is an entry keyed by topic and a per-topic sequence (a
 * {@code StrongCounter}) with a lifespan of {@code retentionTime}; publishing sequence n removes n −
 * {@code retentionLimit}, so about that many stay. Acknowledgements are entries per subscriber and sequence;
 * effectively-once idempotency keys are {@code putIfAbsent} entries living {@code dedupWindowTime}. Every node
 * sees each new message through its cache listener and hands it to {@link LocalDelivery}, which runs the
 * subscribers that live here (redelivery up to {@code maxDeliveries}, then {@code onDead}).
 */
final class CacheTopics {

    static final String PREFIX = "msg\u0000";
    private static final String ACK = "ack\u0000";
    private static final String SEEN = "seen\u0000";
    private static final String SEQUENCE = "stable-default-topic-";

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

    private final Cache<String, String> cache;
    private final CacheCounters counters;
    private final DeliverySettings settings;
    private final MetricsCounters metrics;
    private final LocalDelivery delivery;

    CacheTopics(Cache<String, String> cache, CacheCounters counters, ScheduledExecutorService timers,
                Executor callbacks, DeliverySettings settings, MetricsCounters metrics) {
        this.cache = cache;
        this.counters = counters;
        this.settings = settings;
        this.metrics = metrics;
        // an acknowledgement is an entry living as long as the messages it refers to
        this.delivery = new LocalDelivery(timers, callbacks, settings, metrics, (topic, subscriberId, sequence) ->
                cache.putAsync(ackKey(topic, subscriberId, sequence), "1", settings.retentionTime().toMillis(),
                        TimeUnit.MILLISECONDS));
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
        Subscription subscription = delivery.register(topic, subscriberId, handler);
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
                        .forEach(m -> delivery.offer(topic, subscriberId, m.attempt(0)));
                return subscription;
            });
        });
    }

    // ---- from the cache listener (every node sees every write)

    void published(String packed) {
        delivery.published(Stored.of(packed).attempt(0));
    }

    void close() {
        delivery.close();
    }
}
