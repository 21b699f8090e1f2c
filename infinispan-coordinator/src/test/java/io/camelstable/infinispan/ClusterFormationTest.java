package io.camelstable.infinispan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.infinispan.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three nodes in one JVM over JGroups SHARED_LOOPBACK form one cluster and share the state cache. */
class ClusterFormationTest {

    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void threeNodesFormOneViewAndReplicateState() {
        for (String name : List.of("a", "b", "c")) {
            nodes.add(new ClusterNode(new ClusterSettings("formation", name, ClusterSettings.SHARED_LOOPBACK)));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodes.stream().allMatch(n -> n.members().size() == 3));
        assertThat(nodes.get(0).members()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(nodes.get(0).protocols()).as("the stack file, not a default UDP stack").startsWith("SHARED_LOOPBACK:");

        Cache<String, String> first = nodes.get(0).stateCache();
        first.put("leader-epoch", "7");
        Cache<String, String> last = nodes.get(2).stateCache();
        assertThat(last.get("leader-epoch")).isEqualTo("7");
    }
}
