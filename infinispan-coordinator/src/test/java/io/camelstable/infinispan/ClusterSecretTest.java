package io.camelstable.infinispan;

import java.util.ArrayList;
import java.util.List;

import org.jgroups.JChannel;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes with the cluster's secret form one view; a node with another secret cannot join it. */
class ClusterSecretTest {

    private static final String CLUSTER = "secured";
    private final List<JChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(JChannel::close);
    }

    private JChannel node(String name, String secret) throws Exception {
        JChannel channel = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(),
                ClusterSecret.encryption(secret.toCharArray(), CLUSTER), new NAKACK2(), new UNICAST3(), new STABLE(),
                new GMS().setJoinTimeout(500).setMaxJoinAttempts(2).printLocalAddress(false)).name(name);
        channels.add(channel);
        channel.connect(CLUSTER); // returns once joined, or alone after the join attempts failed
        return channel;
    }

    @Test
    void aWrongSecretCannotJoin() throws Exception {
        JChannel first = node("first", "s3cret-right");
        JChannel second = node("second", "s3cret-right");
        assertThat(second.getView().size()).isEqualTo(2);

        JChannel intruder = node("intruder", "s3cret-wrong");

        assertThat(intruder.getView().getMembers()).as("alone: its join was never answered").hasSize(1);
        assertThat(first.getView().getMembers()).extracting(String::valueOf).containsExactlyInAnyOrder("first", "second");
    }
}
