package io.camelstable.infinispan.process;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker's counting on synthetic report lines, so a failure test's figures rest on tested logic. */
class RunCheckerTest {

    @Test
    void countsAcknowledgedDuplicatedAndUnappliedValues() {
        RunChecker checker = new RunChecker()
                .node("a", List.of("ACK counter 1 100", "ACK counter 2 110", "-- changed role to Leader", "FAIL counter Timeout 120"))
                .node("b", List.of("ACK counter 3 105", "ACK counter 2 130", "ACK counter 9 140", "READY b 50"));

        assertThat(checker.acked("counter")).isEqualTo(5);
        assertThat(checker.duplicates("counter")).as("2 was acknowledged twice").isEqualTo(1);
        assertThat(checker.ackedNotApplied("counter", 3)).as("9 is above the final value").isEqualTo(1);
        assertThat(checker.ackedNotApplied("counter", 9)).isZero();
        assertThat(checker.firstAfter("ACK", 106).getAsLong()).isEqualTo(110);
        assertThat(checker.countAfter("b", "ACK", 105)).isEqualTo(2);
        assertThat(checker.firstAfter("LEADER", 0)).isEmpty();
        assertThat(checker.firstAckAfter("counter", 130).getAsLong()).isEqualTo(140);
        assertThat(checker.minAckedAfter("counter", 104).getAsLong()).isEqualTo(2);
        assertThat(checker.failed("counter")).isEqualTo(1);
        assertThat(checker.failed("cas")).isZero();
        assertThat(checker.ackedAfter("counter", 105)).isEqualTo(3);
        assertThat(checker.longestGapAfter("ACK", 100)).as("105 -> 110 -> 130 -> 140").isEqualTo(20);
        assertThat(checker.longestGapAfter("ACK", 50)).as("from 50 to the first at 100").isEqualTo(50);
    }

    @Test
    void countsOneTransitionAcknowledgedTwice() {
        RunChecker checker = new RunChecker()
                .node("a", List.of("ACK cas 5 0 100", "ACK cas 9 5 120"))
                .node("b", List.of("ACK cas 7 5 110", "ACK cas 12 9 130"));

        assertThat(checker.duplicates("cas")).as("every new version differs").isZero();
        assertThat(checker.sameBaseTwice("cas")).as("5 -> 9 and 5 -> 7: two writers told they replaced 5").isEqualTo(1);
        assertThat(new RunChecker().node("a", List.of("ACK counter 1 100", "ACK counter 2 110")).sameBaseTwice("counter"))
                .as("lines without a base").isZero();
    }

    @Test
    void countsPublishedMessagesNeverDelivered() {
        RunChecker checker = new RunChecker()
                .node("a", List.of("PUBACK a-1 100", "PUBACK a-2 110", "RECV a-1 120", "RECV b-1 125"))
                .node("b", List.of("PUBACK b-1 105", "RECV a-1 130", "RECV a-2 131", "RECV a-2 132", "RECV b-1 140"));

        assertThat(checker.published()).isEqualTo(3);
        assertThat(checker.undelivered("b")).as("a redelivery counts once").isZero();
        assertThat(checker.undelivered("a")).as("a-2 never reached a").isEqualTo(1);
    }

    @Test
    void measuresTimeWithTwoLeaders() {
        RunChecker clean = new RunChecker()
                .node("a", List.of("LEADER a 1 100", "STEPDOWN a 1 200"))
                .node("b", List.of("LEADER b 2 200")); // hand-over at one instant
        assertThat(clean.twoLeadersNanos(1_000)).isZero();
        assertThat(clean.termsWithTwoLeaders()).isZero();

        RunChecker overlapping = new RunChecker()
                .node("a", List.of("LEADER a 1 100")) // killed at 400 without a word
                .node("b", List.of("LEADER b 2 300", "STEPDOWN b 2 350"))
                .node("c", List.of("LEADER c 2 380"))
                .killedAt("a", 400);
        assertThat(overlapping.twoLeadersNanos(1_000)).as("300..350 and 380..400").isEqualTo(70);
        assertThat(overlapping.termsWithTwoLeaders()).isEqualTo(1);
    }
}
