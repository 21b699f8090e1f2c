package io.camelstable.infinispan.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

import static org.awaitility.Awaitility.await;

/**
 * Three strict-mode coordinators in one JVM over SHARED_LOOPBACK, with DISCARD at the bottom so a test can cut
 * one member off, and a failure detector so the others notice.
 */
final class RaftCluster implements AutoCloseable {

    static final List<String> MEMBERS = List.of("n1", "n2", "n3");

    final List<RaftCoordinator> nodes = new ArrayList<>();

    RaftCluster(String group) throws Exception {
        this(group, UnaryOperator.identity());
    }

    RaftCluster(String group, UnaryOperator<RaftSettings> tune) throws Exception {
        for (String id : MEMBERS) {
            nodes.add(new RaftCoordinator(tune.apply(RaftSettings.of(group, id, MEMBERS)), stack()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(RaftCoordinator::hasRaftLeader));
    }

    static List<Protocol> stack() {
        return List.of(new SHARED_LOOPBACK(), new DISCARD(), new SHARED_LOOPBACK_PING(),
                new MERGE3().setMinInterval(1000).setMaxInterval(3000),
                new FD_ALL3().setTimeout(1500).setInterval(300), new VERIFY_SUSPECT2().setTimeout(300),
                new NAKACK2(), new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(500).printLocalAddress(false),
                new FRAG4());
    }

    RaftCoordinator node(int i) {
        return nodes.get(i);
    }

    RaftCoordinator raftLeader() {
        return nodes.stream().filter(RaftCoordinator::isRaftLeader).findFirst().orElseThrow();
    }

    /** Cuts a member off: it neither sends nor receives. */
    static void isolate(RaftCoordinator node) {
        DISCARD discard = node.channel().getProtocolStack().findProtocol(DISCARD.class);
        discard.discardAll(true);
    }

    @Override
    public void close() {
        nodes.forEach(RaftCoordinator::close);
    }
}
