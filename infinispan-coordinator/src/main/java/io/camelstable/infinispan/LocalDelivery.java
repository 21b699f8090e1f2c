package io.camelstable.infinispan;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
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
import io.camelstable.coordination.Subscription;

/**
 * The subscribers that live on this node, whatever the mode: their handlers, the deliveries they have not
 * acknowledged, redelivery timers up to {@code maxDeliveries}, then {@code onDead}. What was published and what
 * each subscriber is done with is kept by the cluster (the Raft log, or the replicated cache); this class only
 * tells the cluster through {@link Recorder} and hears from it through {@link #published}, {@link #offer} and
 * {@link #acknowledged}. Handlers run on the coordinator's callback thread, in order.
 */
public final class LocalDelivery {

    /** Records in the cluster that a subscriber is done with a message (acknowledged, or gave up on it). */
    @FunctionalInterface
    public interface Recorder {
        /**
         * @param  topic        the topic
         * @param  subscriberId the durable subscriber
         * @param  sequence     the message's sequence
         * @return              completes when the cluster took it; fails when it did not
         */
        CompletableFuture<?> done(String topic, String subscriberId, long sequence);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalDelivery.class);

    private static final class Pending {
        final Message message;
        int deliveries;
        Future<?> timer;

        Pending(Message message) {
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
            // the cluster keeps what was not acknowledged: it is delivered again when the subscriber comes back
            active.remove(key(topic, subscriberId), this);
            pending.values().forEach(p -> HeldLeases.cancel(p.timer));
            pending.clear();
        }
    }

    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final DeliverySettings settings;
    private final MetricsCounters metrics;
    private final Recorder recorder;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    /**
     * @param timers    runs the redelivery timers
     * @param callbacks runs the handlers, in order
     * @param settings  the delivery bounds
     * @param metrics   where received and dead messages are counted
     * @param recorder  tells the cluster that a subscriber is done with a message
     */
    public LocalDelivery(ScheduledExecutorService timers, Executor callbacks, DeliverySettings settings,
                         MetricsCounters metrics, Recorder recorder) {
        this.timers = timers;
        this.callbacks = callbacks;
        this.settings = settings;
        this.metrics = metrics;
        this.recorder = recorder;
    }

    private static String key(String topic, String subscriberId) {
        return topic + '\u0000' + subscriberId;
    }

    /**
     * Makes {@code handler} this node's handler of the subscriber (one per subscriber id and topic on a node: a new
     * one replaces the old).
     *
     * @param  topic        the topic
     * @param  subscriberId the durable subscriber
     * @param  handler      receives the deliveries
     * @return              the subscription; closing it stops delivery here and keeps the subscriber's place
     */
    public Subscription register(String topic, String subscriberId, MessageHandler handler) {
        Active subscription = new Active(topic, subscriberId, handler);
        Active previous = active.put(key(topic, subscriberId), subscription);
        if (previous != null) {
            previous.close();
        }
        return subscription;
    }

    /**
     * A message was committed: every local subscriber of its topic gets it (an at-most-once one once, unacknowledged).
     *
     * @param message the message (its attempt is ignored)
     */
    public void published(Message message) {
        for (Active a : active.values()) {
            if (!a.topic.equals(message.topic())) {
                continue;
            }
            if (message.delivery() == Delivery.AT_MOST_ONCE) {
                Message once = attempt(message, 1);
                callbacks.execute(() -> call(a, once, () -> {
                }));
            } else {
                offer(a, message);
            }
        }
    }

    /**
     * Delivers a retained message the subscriber has not acknowledged (when it subscribes), unless it is pending
     * or done here already.
     *
     * @param topic        the topic
     * @param subscriberId the subscriber
     * @param message      the message
     */
    public void offer(String topic, String subscriberId, Message message) {
        Active a = active.get(key(topic, subscriberId));
        if (a != null) {
            offer(a, message);
        }
    }

    /**
     * The cluster recorded that a subscriber is done with a message: stop redelivering it here.
     *
     * @param topic        the topic
     * @param subscriberId the subscriber
     * @param sequence     the message's sequence
     */
    public void acknowledged(String topic, String subscriberId, long sequence) {
        Active a = active.get(key(topic, subscriberId));
        if (a != null) {
            Pending p = a.pending.remove(sequence);
            if (p != null) {
                HeldLeases.cancel(p.timer);
            }
        }
    }

    private void offer(Active a, Message message) {
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
        Message message = attempt(p.message, attempt);
        callbacks.execute(() -> call(a, message, () -> finish(a, p, false)));
    }

    private void redeliveryDue(Active a, Pending p) {
        if (a.pending.get(p.message.sequence()) != p || active.get(key(a.topic, a.subscriberId)) != a) {
            return; // acknowledged, or the subscription closed: delivered again on subscribe
        }
        if (p.deliveries >= settings.maxDeliveries()) {
            metrics.messagesDead.increment();
            Message last = attempt(p.message, p.deliveries);
            finish(a, p, true);
            callbacks.execute(() -> a.handler.onDead(last));
        } else {
            deliver(a, p);
        }
    }

    /** The subscriber is done with the message (acknowledged, or gave up on it): tell the cluster. */
    private void finish(Active a, Pending p, boolean dead) {
        long sequence = p.message.sequence();
        if (!a.pending.remove(sequence, p)) {
            return;
        }
        HeldLeases.cancel(p.timer);
        a.done.add(sequence);
        a.done.headSet(sequence - settings.retentionLimit()).clear();
        recorder.done(a.topic, a.subscriberId, sequence).whenComplete((r, e) -> {
            if (e != null && !dead) {
                // the cluster did not take the acknowledgement: keep delivering, at least once
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

    private static Message attempt(Message m, int attempt) {
        return new Message(m.topic(), m.messageId(), m.sequence(), m.payload(), m.delivery(), attempt);
    }

    /** Stops every local subscription and its timers. */
    public void close() {
        active.values().forEach(Active::close);
        active.clear();
    }
}
