package io.camelstable.infinispan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Acknowledgement;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.Message;
import io.camelstable.coordination.MessageHandler;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pub/sub across three members of a clustered coordinator, whatever its mode: retention, per-subscriber
 * acknowledgement, redelivery, dedup. Each mode's test extends it with three members of its
 * own (the default mode's in {@code io.camelstable.infinispan.cache}).
 */
public abstract class CoordinatorPubSubContract {

    /** The delivery bounds the members must be configured with: 3 deliveries 200 ms apart. */
    public static final DeliverySettings DELIVERY = new DeliverySettings(3, Duration.ofMillis(200), 100,
            Duration.ofMinutes(1), 100, Duration.ofMinutes(1));

    /** @return the three coordinators, one per member */
    protected abstract List<? extends Coordinator> nodes();

    private Coordinator node(int i) {
        return nodes().get(i);
    }

    /** Records deliveries; acknowledges them when asked to. */
    private static final class Recorder implements MessageHandler {
        final List<Message> received = new CopyOnWriteArrayList<>();
        final List<Message> dead = new CopyOnWriteArrayList<>();
        final boolean acknowledge;

        Recorder(boolean acknowledge) {
            this.acknowledge = acknowledge;
        }

        @Override
        public void onMessage(Message message, Acknowledgement ack) {
            received.add(message);
            if (acknowledge) {
                ack.acknowledge();
            }
        }

        @Override
        public void onDead(Message message) {
            dead.add(message);
        }
    }

    @Test
    void aMessagePublishedOnOneNodeReachesSubscribersOnOthersAndLateOnesFromRetention() {
        Recorder early = new Recorder(true);
        node(1).subscribe("orders", "billing", early).join();
        PublishResult published = node(0).publish("orders", Map.of("id", 7L),
                PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> early.received.size() == 1);
        assertThat(early.received.get(0).payload()).isEqualTo(Map.of("id", 7L));
        assertThat(early.received.get(0).messageId()).isEqualTo(published.messageId());

        Recorder late = new Recorder(true);
        node(2).subscribe("orders", "shipping", late).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> late.received.size() == 1);
        assertThat(late.received.get(0).sequence()).isEqualTo(published.sequence());
        // billing acknowledged: it is not redelivered
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> early.received.size() == 1);
    }

    @Test
    void anUnacknowledgedMessageIsRedeliveredUpToTheBoundThenDeadAndASubscriberThatComesBackOnAnotherNodeGetsWhatItMissed() {
        Recorder silent = new Recorder(false);
        node(0).subscribe("jobs", "worker", silent).join();
        node(1).publish("jobs", "job-1", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> silent.dead.size() == 1);
        assertThat(silent.received).extracting(Message::attempt).containsExactly(1, 2, 3);

        Subscription down = node(0).subscribe("jobs", "auditor", new Recorder(false)).join();
        down.close();
        node(1).publish("jobs", "job-2", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        Recorder back = new Recorder(true);
        node(2).subscribe("jobs", "auditor", back).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> back.received.stream()
                .anyMatch(m -> "job-2".equals(m.payload())));
    }

    @Test
    void effectivelyOnceDropsARepeatedIdempotencyKeyFromAnyNode() {
        PublishResult first = node(0).publish("payments", "p", PublishOptions.effectivelyOnce("pay-1")).join();
        PublishResult again = node(2).publish("payments", "p", PublishOptions.effectivelyOnce("pay-1")).join();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(node(2).getMetrics().duplicatesDropped()).isEqualTo(1);
    }
}
