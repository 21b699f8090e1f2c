package io.camelstable.infinispan;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.Leadership;
import io.camelstable.infinispan.process.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three Camel Main applications in one JVM, each configuring its strict-mode coordinator from properties (two
 * through a YAML bean, one through {@code camel.beans.*}), form an encrypted TCP cluster on 127.0.0.1 and agree
 * on one leader; a bad option fails at startup naming it; the secret never shows.
 */
class ClusterCoordinatorMainTest {

    private final List<Main> mains = new CopyOnWriteArrayList<>();
    private final ExecutorService starters = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        mains.forEach(Main::stop);
        starters.shutdown();
    }

    private Main yamlNode(String node, int port, String initialMembers) throws Exception {
        Main main = new Main();
        main.configure().withRoutesIncludePattern("classpath:routes/coordinator-bean.yaml");
        main.addInitialProperty("cluster.name", "main-test");
        main.addInitialProperty("node.name", node);
        main.addInitialProperty("node.port", String.valueOf(port));
        main.addInitialProperty("cluster.initialMembers", initialMembers);
        main.addInitialProperty("cluster.secret", "s3cret-for-tests");
        main.bind("metricsRegistry", new SimpleMeterRegistry());
        mains.add(main);
        main.start();
        return main;
    }

    private Main propertiesNode(String node, int port, String initialMembers) throws Exception {
        return propertiesNode(node, port, initialMembers, "STRICT");
    }

    private Main propertiesNode(String node, int port, String initialMembers, String mode) throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.beans.coordinator.mode", mode);
        main.addInitialProperty("camel.beans.coordinator", "#class:io.camelstable.infinispan.ClusterCoordinator");
        main.addInitialProperty("camel.beans.coordinator.clusterName", "main-test");
        main.addInitialProperty("camel.beans.coordinator.nodeName", node);
        main.addInitialProperty("camel.beans.coordinator.bindPort", String.valueOf(port));
        main.addInitialProperty("camel.beans.coordinator.initialMembers", initialMembers);
        if ("STRICT".equals(mode)) {
            main.addInitialProperty("camel.beans.coordinator.members", "n1,n2,n3");
        }
        main.addInitialProperty("camel.beans.coordinator.secret", "s3cret-for-tests");
        mains.add(main);
        main.start();
        return main;
    }

    @Test
    void threeMainApplicationsFormOneClusterFromProperties() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String initial = String.join(",", FreePorts.members(ports));
        List<Coordinator> coordinators = new ArrayList<>();
        coordinators.add(yamlNode("n1", ports.get(0), initial).getCamelContext().getRegistry()
                .lookupByNameAndType("coordinator", Coordinator.class));
        coordinators.add(yamlNode("n2", ports.get(1), initial).getCamelContext().getRegistry()
                .lookupByNameAndType("coordinator", Coordinator.class));
        coordinators.add(propertiesNode("n3", ports.get(2), initial).getCamelContext().getRegistry()
                .lookupByNameAndType("coordinator", Coordinator.class));

        assertThat(coordinators).allSatisfy(c -> assertThat(c).isInstanceOf(ClusterCoordinator.class));
        assertThat(coordinators.get(0).toString()).doesNotContain("s3cret");
        List<Leadership> answers = new ArrayList<>();
        for (Coordinator c : coordinators) {
            answers.add(await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> c.campaign("nightly", c.nodeId()).join(), l -> l != null));
        }
        assertThat(answers.stream().filter(Leadership::isLeader)).hasSize(1);
        assertThat(answers).extracting(Leadership::leaderId).containsOnly(answers.get(0).leaderId());
        assertThat(coordinators.get(2).incrementCounter("started", 1).join()).isEqualTo(1L);
        MeterRegistry meters = mains.get(0).getCamelContext().getRegistry()
                .lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("camel.stable.coordination.leader.elections")
                .tag("node", "n1").functionCounter().count() >= 1);
        HealthCheck readiness = HealthCheckRegistry.get(mains.get(0).getCamelContext())
                .getCheck("stable-coordinator-n1").orElseThrow();
        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness.call().getDetails().get("cluster").toString()).contains("n1").doesNotContain("s3cret");
        assertThat(coordinators.get(0).getCounter("started").join()).isEqualTo(1L);
    }

    @Test
    void threeMainApplicationsInDefaultModeNeedNoMemberList() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String initial = String.join(",", FreePorts.members(ports));
        // each start waits for a majority of initialMembers (the bean's default in this mode), so they start at once,
        // each on a thread of its own
        List<CompletableFuture<Main>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int index = i;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return propertiesNode("d" + (index + 1), ports.get(index), initial, "DEFAULT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, starters));
        }
        List<Coordinator> coordinators = new ArrayList<>();
        for (CompletableFuture<Main> start : starting) {
            Main main = start.get(30, TimeUnit.SECONDS);
            coordinators.add(main.getCamelContext().getRegistry().lookupByNameAndType("coordinator", Coordinator.class));
        }
        assertThat(coordinators).extracting(c -> ((ClusterCoordinator) c).getInitialClusterSize()).containsOnly(2);
        List<Leadership> answers = new ArrayList<>();
        for (Coordinator c : coordinators) {
            answers.add(await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> c.campaign("nightly", c.nodeId()).join(), l -> l != null));
        }
        assertThat(answers.stream().filter(Leadership::isLeader)).hasSize(1);
        assertThat(coordinators.get(1).incrementCounter("started", 1).join()).isEqualTo(1L);
        assertThat(coordinators.get(2).getCounter("started").join()).isEqualTo(1L);
        HealthCheck readiness = HealthCheckRegistry.get(starting.get(0).join().getCamelContext())
                .getCheck("stable-coordinator-d1").orElseThrow();
        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness.call().getDetails().get("cluster").toString()).contains("AVAILABLE");
    }

    @Test
    void aBadOptionFailsAtStartupNamingIt() {
        Main main = new Main();
        mains.add(main);
        main.addInitialProperty("camel.beans.coordinator", "#class:io.camelstable.infinispan.ClusterCoordinator");
        main.addInitialProperty("camel.beans.coordinator.bindPort", "70000");
        assertThatThrownBy(main::start).hasStackTraceContaining("bindPort=70000").hasStackTraceContaining("1..65535");
    }

    @Test
    void aNodeMissingFromMembersFailsAtStartNamingTheOptions() {
        ClusterCoordinator coordinator = new ClusterCoordinator();
        coordinator.setClusterName("c");
        coordinator.setNodeName("n9");
        coordinator.setMembers("n1,n2,n3");
        coordinator.setInitialMembers("127.0.0.1[7800]");
        assertThatThrownBy(coordinator::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members=[n1, n2, n3]").hasMessageContaining("nodeName 'n9'");
    }

    @Test
    void theInitialClusterOptionsAreCheckedWhenSet() {
        ClusterCoordinator coordinator = new ClusterCoordinator();
        assertThatThrownBy(() -> coordinator.setInitialClusterSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid cluster coordinator option initialClusterSize=0: must be 1 (may run alone) or more");
        assertThatThrownBy(() -> coordinator.setInitialClusterTimeout(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid cluster coordinator option initialClusterTimeout=0: must be a positive number of ms");
    }

    @Test
    void defaultModeWaitsForAMajorityOfTheInitialMembersUnlessToldOtherwise() {
        ClusterCoordinator coordinator = new ClusterCoordinator();
        coordinator.setMode(ClusterCoordinator.Mode.DEFAULT);
        coordinator.setInitialMembers("127.0.0.1[7800]");
        assertThat(coordinator.getInitialClusterSize()).as("one member listed").isEqualTo(1);
        coordinator.setInitialMembers("127.0.0.1[7800],127.0.0.1[7801]");
        assertThat(coordinator.getInitialClusterSize()).isEqualTo(2);
        coordinator.setInitialMembers("127.0.0.1[7800],127.0.0.1[7801],127.0.0.1[7802],127.0.0.1[7803]");
        assertThat(coordinator.getInitialClusterSize()).isEqualTo(3);
        coordinator.setInitialClusterSize(1);
        assertThat(coordinator.getInitialClusterSize()).as("set: may run alone").isEqualTo(1);
        coordinator.setMode(ClusterCoordinator.Mode.STRICT);
        assertThat(coordinator.getInitialClusterSize()).as("strict mode: Raft's majority instead").isEqualTo(1);
    }

    @Test
    void aDefaultModeNodeAloneFailsToStartNamingTheInitialClusterSize() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        ClusterCoordinator coordinator = new ClusterCoordinator();
        coordinator.setMode(ClusterCoordinator.Mode.DEFAULT);
        coordinator.setClusterName("alone-test");
        coordinator.setNodeName("d1");
        coordinator.setBindPort(ports.get(0));
        coordinator.setInitialMembers(String.join(",", FreePorts.members(ports)));
        coordinator.setSecret("s3cret-for-tests");
        coordinator.setInitialClusterTimeout(1000);
        long started = System.nanoTime();
        assertThatThrownBy(coordinator::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot join cluster alone-test as d1")
                .hasMessageContaining("initialClusterSize is 2 but it saw 1 member(s) [d1]")
                .hasMessageContaining("initialClusterTimeout 1000 ms").hasMessageNotContaining("s3cret");
        System.out.printf("a lone default-mode node failed to start after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        try (ServerSocket again = new ServerSocket(ports.get(0), 1, InetAddress.getByName(TcpSettings.LOOPBACK))) {
            assertThat(again.getLocalPort()).as("its port, released").isEqualTo(ports.get(0));
        }
        assertThat(coordinator.toString()).as("the secret kept for a retry, never cleared into no encryption")
                .contains("secret=***");
    }
}
