package io.camelstable.coordination;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatorElectionTest extends CoordinatorTestSupport {


    @Test
    void epochIncreasesWithEachNewLeaderAndResign() {
        List<LeadershipEvent> events = new ArrayList<>();
        coordinator.onLeadershipChange("main", events::add);

        Leadership a = coordinator.campaign("main", "a").join();
        Leadership b = coordinator.campaign("main", "b").join();
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        assertThat(b.leaderId()).isEqualTo("a");

        // campaigning again as leader is not a new term (the seed bumped it)
        assertThat(coordinator.campaign("main", "a").join().epoch()).isEqualTo(a.epoch());

        assertThat(coordinator.resign("main", "a").join()).isTrue();
        Leadership afterResign = coordinator.getLeader("main").join().orElseThrow();
        assertThat(afterResign.leaderId()).isEqualTo("b");
        assertThat(afterResign.epoch()).isGreaterThan(a.epoch());

        assertThat(coordinator.resign("main", "b").join()).isTrue();
        assertThat(coordinator.getLeader("main").join()).isEmpty();
        Leadership again = coordinator.campaign("main", "a").join();
        assertThat(again.epoch()).isGreaterThan(afterResign.epoch());

        assertThat(events).extracting(LeadershipEvent::type, LeadershipEvent::leaderId, LeadershipEvent::epoch)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LeadershipEvent.Type.ELECTED, "a", 1L),
                        org.assertj.core.groups.Tuple.tuple(LeadershipEvent.Type.REVOKED, "a", 1L),
                        org.assertj.core.groups.Tuple.tuple(LeadershipEvent.Type.ELECTED, "b", 2L),
                        org.assertj.core.groups.Tuple.tuple(LeadershipEvent.Type.REVOKED, "b", 2L),
                        org.assertj.core.groups.Tuple.tuple(LeadershipEvent.Type.ELECTED, "a", 3L));
        assertThat(coordinator.getMetrics().leaderElections()).isEqualTo(3);
    }

    @Test
    void followerResignIsNotLeaderResign() {
        coordinator.campaign("main", "a").join();
        coordinator.campaign("main", "b").join();
        assertThat(coordinator.resign("main", "b").join()).isFalse();
        assertThat(coordinator.resign("main", "a").join()).isTrue();
        assertThat(coordinator.getLeader("main").join()).isEmpty();
    }

    @Test
    void closeRevokesLeadership() {
        List<LeadershipEvent> events = new ArrayList<>();
        coordinator.onLeadershipChange("main", events::add);
        coordinator.campaign("main", "a").join();
        coordinator.close();
        assertThat(events).extracting(LeadershipEvent::type)
                .containsExactly(LeadershipEvent.Type.ELECTED, LeadershipEvent.Type.REVOKED);
    }
}
