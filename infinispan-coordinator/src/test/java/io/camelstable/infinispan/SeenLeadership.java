package io.camelstable.infinispan;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;

import static org.assertj.core.api.Assertions.assertThat;

/** Leadership events as members saw them, with when this JVM saw each, and the step-down checks both modes share. */
public final class SeenLeadership {

    /** An event and when this JVM saw it. */
    public record Seen(LeadershipEvent event, long atNanos) {
    }

    private SeenLeadership() {
    }

    /** @return the events {@code node} sees of {@code election} from now on, as they come */
    public static List<Seen> listen(Coordinator node, String election) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        node.onLeadershipChange(election, e -> seen.add(new Seen(e, System.nanoTime())));
        return seen;
    }

    /** @return whether {@code seen} holds an event of {@code type} */
    public static boolean has(List<Seen> seen, LeadershipEvent.Type type) {
        return seen.stream().anyMatch(s -> s.event().type() == type);
    }

    /**
     * Checks a partition's outcome: the cut-off leader was revoked for its own epoch, another candidate was elected
     * with a higher one, and the step-down came first (never two leaders); prints both times after {@code cutAt}.
     */
    public static void assertSteppedDownBeforeAnotherWasElected(List<Seen> atIsolated, List<Seen> atWitness,
                                                                Leadership first, long cutAt, String label) {
        Seen stepDown = first(atIsolated, LeadershipEvent.Type.REVOKED);
        Seen elected = first(atWitness, LeadershipEvent.Type.ELECTED);
        assertThat(stepDown.event().epoch()).isEqualTo(first.epoch());
        assertThat(elected.event().epoch()).isGreaterThan(first.epoch());
        assertThat(elected.event().leaderId()).isNotEqualTo(first.leaderId());
        assertThat(stepDown.atNanos()).as("the cut-off leader stopped before the new one started: no two leaders")
                .isLessThan(elected.atNanos());
        System.out.printf("%s: stepped down after %.0f ms, new leader elected after %.0f ms%n", label,
                (stepDown.atNanos() - cutAt) / 1e6, (elected.atNanos() - cutAt) / 1e6);
    }

    private static Seen first(List<Seen> seen, LeadershipEvent.Type type) {
        return seen.stream().filter(s -> s.event().type() == type).findFirst().orElseThrow();
    }
}
