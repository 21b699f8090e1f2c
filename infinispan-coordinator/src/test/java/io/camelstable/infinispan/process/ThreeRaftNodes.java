package io.camelstable.infinispan.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * Three node processes on 127.0.0.1 TCP (free ports chosen now), sharing a secret, each running {@code main}:
 * the harness of the failure tests. Closing it kills every process still running.
 */
final class ThreeRaftNodes implements AutoCloseable {

    static final List<String> IDS = List.of("a", "b", "c");
    private final String cluster;
    private final Class<?> main;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<List<String>> args = new ArrayList<>();
    // killed nodes that were started again: their lines still count, under the same id
    private final List<NodeProcess> former = new ArrayList<>();

    ThreeRaftNodes(String cluster, Class<?> main, List<String> extraArgs) {
        this(cluster, main, extraArgs, id -> List.of());
    }

    /** @param perNode arguments of one node only, by its id (a directory of its own, for example) */
    ThreeRaftNodes(String cluster, Class<?> main, List<String> extraArgs, Function<String, List<String>> perNode) {
        this.cluster = cluster;
        this.main = main;
        List<Integer> ports = FreePorts.pick(IDS.size());
        String members = String.join(",", FreePorts.members(ports));
        for (int i = 0; i < IDS.size(); i++) {
            List<String> nodeArgs = new ArrayList<>(List.of("id=" + IDS.get(i), "members=" + String.join(",", IDS),
                    "bindPort=" + ports.get(i), "initialMembers=" + members, "clusterName=" + cluster));
            nodeArgs.addAll(extraArgs);
            nodeArgs.addAll(perNode.apply(IDS.get(i)));
            args.add(nodeArgs);
            nodes.add(start(cluster + "-" + IDS.get(i), nodeArgs));
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

    private NodeProcess start(String name, List<String> nodeArgs) {
        return NodeProcess.start(name, main, nodeArgs, Map.of(NodeIo.SECRET_ENV, "failure-test-secret"));
    }

    /**
     * Starts a killed node again in place: same id, port and arguments (so the same log directory, if it has one),
     * its log in {@code <cluster>-again-<id>.log}. Does not wait for it.
     *
     * @return the new process, which takes the killed one's place; the killed one's lines still count
     */
    NodeProcess restart(NodeProcess killed) {
        int i = nodes.indexOf(killed);
        if (i < 0 || killed.isAlive()) {
            throw new IllegalArgumentException("only a killed node of this cluster restarts: " + killed.name());
        }
        NodeProcess again = start(cluster + "-again-" + IDS.get(i), args.get(i));
        former.add(killed);
        nodes.set(i, again);
        return again;
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
        former.forEach(n -> checker.node(id(n), n.lines()));
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
        former.forEach(NodeProcess::close);
    }
}
