package io.camelstable.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatorPubSubTest extends CoordinatorTestSupport {

    private static final DeliverySettings SETTINGS =
            new DeliverySettings(3, Duration.ofMillis(100), 2, Duration.ofMinutes(1), 10, Duration.ofMinutes(1));

    CoordinatorPubSubTest() {
        super(SETTINGS);
    }


    /** Records deliveries; acknowledges only when told to. */
    private static final class Recorder implements MessageHandler {
        final List<Message> received = new ArrayList<>();
        final List<Message> dead = new ArrayList<>();
        final boolean ack;

        Recorder(boolean ack) {
            this.ack = ack;
        }

        @Override
        public void onMessage(Message message, Acknowledgement acknowledgement) {
            received.add(message);
            if (ack) {
                acknowledgement.acknowledge();
            }
        }

        @Override
        public void onDead(Message message) {
            dead.add(message);
        }
    }

    @Test
    void atLeastOnceRedeliversUpToBoundThenReportsDead() {
        Recorder r = new Recorder(false);
        coordinator.subscribe("t", "s1", r).join();
        coordinator.publish("t", "hello", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        for (int i = 0; i < 5; i++) {
            time.advance(100);
        }
        assertThat(r.received).extracting(Message::attempt).containsExactly(1, 2, 3);
        assertThat(r.dead).singleElement().extracting(Message::payload).isEqualTo("hello");
        assertThat(coordinator.getMetrics().messagesDead()).isEqualTo(1);
        assertThat(coordinator.getMetrics().messagesReceived()).isEqualTo(3);
        assertThat(time.pending()).isZero();
    }

    @Test
    void acknowledgementStopsRedeliveryForThatSubscriberOnly() {
        Recorder acking = new Recorder(true);
        Recorder silent = new Recorder(false);
        coordinator.subscribe("t", "a", acking).join();
        coordinator.subscribe("t", "b", silent).join();
        coordinator.publish("t", "m", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        time.advance(100);
        assertThat(acking.received).hasSize(1);
        assertThat(silent.received).hasSize(2);
    }

    @Test
    void retentionDeliversToLateSubscriberWithinBound() {
        coordinator.publish("t", "m1", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        coordinator.publish("t", "m2", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        coordinator.publish("t", "m3", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        coordinator.publish("t", "gone", PublishOptions.of(Delivery.AT_MOST_ONCE)).join();
        Recorder late = new Recorder(true);
        coordinator.subscribe("t", "late", late).join();
        // retention keeps 2 messages; at-most-once is never retained
        assertThat(late.received).extracting(Message::payload).containsExactly("m2", "m3");
    }

    @Test
    void subscriberThatWasDownGetsWhatItMissedButNotWhatItAcknowledged() {
        Recorder first = new Recorder(true);
        Subscription sub = coordinator.subscribe("t", "s", first).join();
        coordinator.publish("t", "seen", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        sub.close();
        coordinator.publish("t", "missed", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        Recorder back = new Recorder(true);
        coordinator.subscribe("t", "s", back).join();
        assertThat(back.received).extracting(Message::payload).containsExactly("missed");
    }

    @Test
    void effectivelyOnceDropsDuplicateIdempotencyKey() {
        Recorder r = new Recorder(true);
        coordinator.subscribe("t", "s", r).join();
        PublishResult first = coordinator.publish("t", "pay", PublishOptions.effectivelyOnce("order-1")).join();
        PublishResult again = coordinator.publish("t", "pay", PublishOptions.effectivelyOnce("order-1")).join();
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(r.received).hasSize(1);
        assertThat(coordinator.getMetrics().duplicatesDropped()).isEqualTo(1);
        assertThat(coordinator.getMetrics().messagesSent()).isEqualTo(1);
    }

    @Test
    void idempotencyWindowIsBoundedInTime() {
        coordinator.publish("t", "pay", PublishOptions.effectivelyOnce("order-1")).join();
        time.advance(Duration.ofMinutes(1).toMillis());
        assertThat(coordinator.publish("t", "pay", PublishOptions.effectivelyOnce("order-1")).join().duplicate())
                .isFalse();
    }

    @Test
    void throwingHandlerIsRedelivered() {
        List<Integer> attempts = new ArrayList<>();
        coordinator.subscribe("t", "s", (m, ack) -> {
            attempts.add(m.attempt());
            if (m.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            ack.acknowledge();
        }).join();
        coordinator.publish("t", "m", PublishOptions.of(Delivery.AT_LEAST_ONCE)).join();
        time.advance(1_000);
        assertThat(attempts).containsExactly(1, 2);
    }
}
