package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Three node processes on 127.0.0.1 TCP (free ports chosen now), sharing a secret, each running {@code main}:
 * the harness of the failure tests. Closing it kills every process still running.
 */
final class ThreeRaftNodes implements AutoCloseable {

    static final List<String> IDS = List.of("a", "b", "c");
    private final List<NodeProcess> nodes = new ArrayList<>();

    ThreeRaftNodes(String cluster, Class<?> main, List<String> extraArgs) {
        List<Integer> ports = FreePorts.pick(IDS.size());
        String members = String.join(",", FreePorts.members(ports));
        for (int i = 0; i < IDS.size(); i++) {
            List<String> args = new ArrayList<>(List.of("id=" + IDS.get(i), "members=" + String.join(",", IDS),
                    "bindPort=" + ports.get(i), "initialMembers=" + members, "clusterName=" + cluster));
            args.addAll(extraArgs);
            nodes.add(NodeProcess.start(cluster + "-" + IDS.get(i), main, args,
                    Map.of(NodeIo.SECRET_ENV, "failure-test-secret")));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream().allMatch(n -> n.printed("READY")));
        await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null);
    }

    /** @return three nodes that have each acknowledged 100 writes since {@code START} */
    static ThreeRaftNodes underLoad(String cluster, Class<?> main, List<String> extraArgs) {
        ThreeRaftNodes nodes = new ThreeRaftNodes(cluster, main, extraArgs);
        nodes.sendAll(nodes.all(), "START");
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.all().stream().allMatch(n -> n.count("ACK") >= 100));
        return nodes;
    }

    List<NodeProcess> all() {
        return nodes;
    }

    /** @return the node whose last leadership line is LEADER, or null */
    NodeProcess leader() {
        for (NodeProcess node : nodes) {
            List<String> roles = node.lines().stream().filter(l -> l.startsWith("LEADER") || l.startsWith("STEPDOWN")).toList();
            if (node.isAlive() && !roles.isEmpty() && roles.get(roles.size() - 1).startsWith("LEADER")) {
                return node;
            }
        }
        return null;
    }

    List<NodeProcess> others(NodeProcess node) {
        return nodes.stream().filter(n -> n != node).toList();
    }

    static String id(NodeProcess node) {
        return node.name().substring(node.name().lastIndexOf('-') + 1);
    }

    /** @return a checker fed with every node's lines so far, each under its raft id */
    RunChecker checker() {
        RunChecker checker = new RunChecker();
        nodes.forEach(n -> checker.node(id(n), n.lines()));
        return checker;
    }

    void sendAll(List<NodeProcess> to, String command) {
        to.forEach(n -> n.send(command));
    }

    /** Stops the load on {@code writers}, waits for their counts, and asks one of them for the final value. */
    long stopAndReadFinal(List<NodeProcess> writers) {
        sendAll(writers, "STOP");
        await().atMost(Duration.ofSeconds(20)).until(() -> writers.stream().allMatch(n -> n.printed("STOPPED")));
        NodeProcess reader = writers.get(0);
        reader.send("FINAL");
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.printed("FINAL"));
        String line = reader.lines().stream().filter(l -> l.startsWith("FINAL ")).findFirst().orElseThrow();
        return Long.parseLong(line.split(" ")[2]);
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
    }
}
