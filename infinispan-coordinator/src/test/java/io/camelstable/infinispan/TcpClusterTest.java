package io.camelstable.infinispan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.camelstable.infinispan.process.FreePorts;
import org.infinispan.Cache;
import org.jgroups.JChannel;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Three nodes on JGroups TCP + TCPPING on 127.0.0.1, encrypted with a shared secret, for Infinispan and for raft. */
class TcpClusterTest {

    private static final String SECRET = "tcp-s3cret";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static List<TcpSettings> settings(String cluster, String secret, List<Integer> ports) {
        List<String> members = FreePorts.members(ports);
        return ports.stream().map(p -> new TcpSettings("127.0.0.1", p, members, cluster, secret::toCharArray)).toList();
    }

    @Test
    void infinispanFormsOverEncryptedTcpAndReplicates() {
        List<TcpSettings> tcp = settings("ispn-tcp", SECRET, FreePorts.pick(3));
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < tcp.size(); i++) {
            ClusterNode node = new ClusterNode("n" + i, tcp.get(i));
            open.add(node);
            nodes.add(node);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(n -> n.members().size() == 3));
        assertThat(nodes.get(0).protocols()).startsWith("TCP:").contains("SYM_ENCRYPT").contains("FD_SOCK2");
        assertThat(((TCP) JGroupsStacks.tcp(tcp.get(0)).get(0)).tcpNodelay()).as("Nagle off").isTrue();

        Cache<String, String> first = nodes.get(0).stateCache();
        first.put("epoch", "3");
        assertThat(nodes.get(2).<String, String>stateCache().get("epoch")).isEqualTo("3");
    }

    @Test
    void raftElectsOneLeaderOverTcpAndCommits() throws Exception {
        List<TcpSettings> tcp = settings("raft-tcp", SECRET, FreePorts.pick(3));
        List<String> ids = List.of("a", "b", "c");
        List<RaftNode> nodes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            RaftNode node = new RaftNode("raft-tcp", ids.get(i), ids, JGroupsStacks.tcp(tcp.get(i)));
            open.add(node);
            nodes.add(node);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(RaftNode::hasLeader));
        assertThat(nodes.stream().filter(RaftNode::isLeader)).hasSize(1);
        assertThat(nodes.get(1).counter("tokens").incrementAndGet()).isEqualTo(1);
        assertThat(nodes.get(2).counter("tokens").incrementAndGet()).isEqualTo(2);
    }

    @Test
    void aNodeWithAnotherSecretCannotJoinOverTcp() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        List<TcpSettings> right = settings("guarded", SECRET, ports);
        List<TcpSettings> wrong = settings("guarded", "not-the-secret", ports);
        JChannel first = channel("first", right.get(0));
        JChannel second = channel("second", right.get(1));
        assertThat(second.getView().size()).isEqualTo(2);

        JChannel intruder = channel("intruder", wrong.get(2));

        assertThat(intruder.getView().getMembers()).as("alone: its join was never answered").hasSize(1);
        assertThat(first.getView().getMembers()).extracting(String::valueOf).containsExactlyInAnyOrder("first", "second");
    }

    private JChannel channel(String name, TcpSettings settings) throws Exception {
        List<Protocol> stack = JGroupsStacks.tcp(settings);
        stack.stream().filter(GMS.class::isInstance).map(GMS.class::cast).forEach(g -> g.setMaxJoinAttempts(2));
        JChannel channel = new JChannel(stack).name(name);
        open.add(channel);
        channel.connect(settings.clusterName()); // returns once joined, or alone after the join attempts failed
        return channel;
    }

    @Test
    void badSettingsFailNamingTheOptionTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> new TcpSettings("127.0.0.1", 70000, List.of("127.0.0.1[7800]"), "c", null))
                .hasMessageContaining("bindPort").hasMessageContaining("70000").hasMessageContaining("1..65535");
        assertThatThrownBy(() -> new TcpSettings("127.0.0.1", 7800, List.of(), "c", null))
                .hasMessageContaining("initialMembers").hasMessageContaining("host[port]");
        assertThatThrownBy(() -> new TcpSettings("127.0.0.1", 7800, List.of("127.0.0.1:7800"), "c", null))
                .hasMessageContaining("initialMembers").hasMessageContaining("127.0.0.1:7800").hasMessageContaining("host[port]");
        assertThatThrownBy(() -> new TcpSettings("127.0.0.1", 7800, List.of("127.0.0.1[0]"), "c", null))
                .hasMessageContaining("initialMembers port").hasMessageContaining("1..65535");
        assertThatThrownBy(() -> TcpSettings.fromProperties(Map.of("bindPort", "x", "initialMembers", "127.0.0.1[7800]")))
                .hasMessageContaining("bindPort").hasMessageContaining("'x'");
        assertThatThrownBy(() -> new TcpSettings("127.0.0.1", 7800, List.of("127.0.0.1[7800]"), " ", null))
                .hasMessageContaining("clusterName");
    }

    @Test
    void aBadInitialClusterFailsNamingTheOptionTheValueAndWhatIsAllowed() {
        TcpSettings settings = new TcpSettings("127.0.0.1", 7800, List.of("127.0.0.1[7800]"), "c", null);
        assertThat(settings.initialClusterSize()).as("the Java API's node may run alone").isEqualTo(1);
        assertThatThrownBy(() -> settings.withInitialCluster(0, Duration.ofSeconds(5)))
                .hasMessage("initialClusterSize is 0: allowed are 1 (may run alone) or more (members to see before"
                        + " starting)");
        assertThatThrownBy(() -> settings.withInitialCluster(2, Duration.ZERO))
                .hasMessage("initialClusterTimeout is PT0S: allowed is a positive duration");
        assertThatThrownBy(() -> settings.withInitialCluster(2, null)).hasMessageContaining("initialClusterTimeout");
        assertThatThrownBy(() -> TcpSettings.fromProperties(Map.of("bindPort", "7800", "clusterName", "c",
                "initialMembers", "127.0.0.1[7800]", "initialClusterSize", "two")))
                .hasMessageContaining("initialClusterSize").hasMessageContaining("'two'");
        TcpSettings read = TcpSettings.fromProperties(Map.of("bindPort", "7800", "clusterName", "c",
                "initialMembers", "127.0.0.1[7800]", "initialClusterSize", "2", "initialClusterTimeout", "1500"));
        assertThat(read.initialClusterSize()).isEqualTo(2);
        assertThat(read.initialClusterTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(read.withSecret("s"::toCharArray).initialClusterSize()).as("kept by withSecret").isEqualTo(2);
    }

    @Test
    void aNodeThatMustNotRunAloneAsksToJoinForAboutItsWaitOnly() {
        TcpSettings alone = new TcpSettings("127.0.0.1", 7800, List.of("127.0.0.1[7800]"), "c", null);
        assertThat(joinAttempts(alone)).as("GMS's default").isEqualTo(10);
        assertThat(joinAttempts(alone.withInitialCluster(2, Duration.ofMillis(2000)))).isEqualTo(2);
        assertThat(joinAttempts(alone.withInitialCluster(2, Duration.ofMillis(300)))).isEqualTo(1);
        assertThat(joinAttempts(alone.withInitialCluster(2, Duration.ofMinutes(1)))).as("never more").isEqualTo(10);
    }

    private static int joinAttempts(TcpSettings settings) {
        return JGroupsStacks.tcp(settings).stream().filter(GMS.class::isInstance).map(GMS.class::cast)
                .findFirst().orElseThrow().getMaxJoinAttempts();
    }

    @Test
    void propertiesGiveTheSettingsAndTheSecretNeverShows() {
        TcpSettings settings = TcpSettings.fromProperties(Map.of("bindPort", "7801", "clusterName", "c",
                "initialMembers", "127.0.0.1[7801], 127.0.0.1[7802]", "secret", "hunter2"));
        assertThat(settings.bindAddress()).isEqualTo(TcpSettings.LOOPBACK);
        assertThat(settings.initialAddresses()).hasSize(2);
        assertThat(new String(settings.secret().get())).isEqualTo("hunter2");
        assertThat(settings.toString()).doesNotContain("hunter2").contains("secret=****").contains("7801");
    }
}
