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
        try {
            // a node is READY once it committed something, so a Raft leader exists then
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream().allMatch(n -> n.printed("READY")));
        } catch (RuntimeException | Error e) {
            close(); // the test never gets this harness to close
            throw e;
        }
    }

    /** @return three nodes that have each acknowledged 100 writes since {@code START} */
    static ThreeRaftNodes underLoad(String cluster, Class<?> main, List<String> extraArgs) {
        ThreeRaftNodes nodes = new ThreeRaftNodes(cluster, main, extraArgs);
        nodes.load(nodes.all());
        return nodes;
    }

    /** Sends {@code START} to {@code toStart} and waits until each of them has acknowledged 100 writes. */
    void load(List<NodeProcess> toStart) {
        load(toStart, 100);
    }

    /** Sends {@code START} to {@code toStart} and waits until each of them has acknowledged {@code acks} writes. */
    void load(List<NodeProcess> toStart, int acks) {
        try {
            sendAll(toStart, "START");
            await().atMost(Duration.ofSeconds(30)).until(() -> toStart.stream().allMatch(n -> n.count("ACK") >= acks));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    List<NodeProcess> all() {
        return nodes;
    }

    /** @return the live node whose last leadership line is LEADER, or null */
    NodeProcess leader() {
        return leader("LEADER", "STEPDOWN");
    }

    /** @return the live node whose last line of the two kinds is {@code up}, or null */
    NodeProcess leader(String up, String down) {
        for (NodeProcess node : nodes) {
            List<String> roles = node.lines().stream().filter(l -> l.startsWith(up + " ") || l.startsWith(down + " ")).toList();
            if (node.isAlive() && !roles.isEmpty() && roles.get(roles.size() - 1).startsWith(up + " ")) {
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

    /** Stops the load on {@code writers}, waits for their counts, and asks one of them for the final values. */
    NodeProcess stopAndAskFinal(List<NodeProcess> writers) {
        sendAll(writers, "STOP");
        await().atMost(Duration.ofSeconds(20)).until(() -> writers.stream().allMatch(n -> n.printed("STOPPED")));
        NodeProcess reader = writers.get(0);
        reader.send("FINAL");
        return reader;
    }

    /** @return the final value of {@code subject} the reader printed, waiting for it */
    static long finalOf(NodeProcess reader, String subject) {
        String prefix = "FINAL " + subject + " ";
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.printed(prefix));
        String line = reader.lines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return Long.parseLong(line.split(" ")[2]);
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
    }
}
