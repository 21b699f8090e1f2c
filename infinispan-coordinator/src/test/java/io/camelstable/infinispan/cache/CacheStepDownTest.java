package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.remoting.transport.Transport;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.infinispan.SeenLeadership.Seen;
import io.camelstable.infinispan.ClusterNode;

import static io.camelstable.infinispan.SeenLeadership.assertSteppedDownBeforeAnotherWasElected;
import static io.camelstable.infinispan.SeenLeadership.has;
import static io.camelstable.infinispan.SeenLeadership.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A default-mode leader cut off from the others steps down on its own before the majority elects another. */
class CacheStepDownTest {

    private CacheCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Cuts a member off: a DISCARD above its transport drops everything it sends and receives. */
    private static void isolate(ClusterNode member) throws Exception {
        Transport transport = GlobalComponentRegistry.of(member.cacheManager()).getComponent(Transport.class);
        ProtocolStack stack = ((JGroupsTransport) transport).getChannel().getProtocolStack();
        DISCARD discard = new DISCARD();
        stack.insertProtocol(discard, ProtocolStack.Position.ABOVE, SHARED_LOOPBACK.class);
        discard.discardAll(true);
    }

    @Test
    void aLeaderCutOffFromTheMajorityStepsDownBeforeAnotherIsElected() throws Exception {
        // a failure detector that suspects in about a second, so the majority's new view comes soon
        cluster = new CacheCluster("cache-stepdown", "stacks/shared-loopback-fast-detection.xml",
                UnaryOperator.identity());
        List<Leadership> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(cluster.node(i).campaign("jobs", "c" + (i + 1)).join());
        }
        Leadership first = answers.stream().filter(Leadership::isLeader).findFirst().orElseThrow();
        int leaderNode = Integer.parseInt(first.leaderId().substring(1)) - 1;
        InfinispanCoordinator isolated = cluster.node(leaderNode);
        InfinispanCoordinator witness = cluster.node((leaderNode + 1) % 3);
        List<Seen> atIsolated = listen(isolated, "jobs");
        List<Seen> atWitness = listen(witness, "jobs");

        long cutAt = System.nanoTime();
        isolate(cluster.members.get(leaderNode));

        await().atMost(Duration.ofSeconds(10)).until(() -> has(atIsolated, LeadershipEvent.Type.REVOKED));
        assertThat(isolated.isLeading("jobs", first.leaderId())).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> has(atWitness, LeadershipEvent.Type.ELECTED));
        assertSteppedDownBeforeAnotherWasElected(atIsolated, atWitness, first, cutAt,
                "default mode, partitioned leader");
        // the minority refuses writes (DENY_READ_WRITES)
        assertThat(isolated.setState("x", 1L, null)).failsWithin(Duration.ofSeconds(30));
    }
}
