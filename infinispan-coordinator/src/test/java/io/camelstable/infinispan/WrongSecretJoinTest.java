package io.camelstable.infinispan;

import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.cache.CacheCoordinatorSettings;
import io.camelstable.infinispan.cache.InfinispanCoordinator;
import io.camelstable.infinispan.process.FreePorts;
import io.camelstable.infinispan.raft.CoordinationUnavailableException;
import io.camelstable.infinispan.raft.RaftCoordinator;
import io.camelstable.infinispan.raft.RaftSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The production TCP stacks on 127.0.0.1 ({@link JGroupsStacks#tcp}), each mode's coordinator on top: two members
 * with the cluster's secret work together, and a third member with another secret, listing the same initial
 * members, stays out. In default mode, required to see two members, its start fails naming the option and releases
 * its port and threads; in strict mode it stays alone and cannot commit. It neither sees nor changes the cluster's
 * state, and no log line carries either secret.
 */
class WrongSecretJoinTest {

    private static final String SECRET = "wsj-right-s3cret";
    private static final String WRONG = "wsj-wrong-s3cret";
    private static final Duration FORM = Duration.ofSeconds(20);
    private static final Duration INTRUDER_WAIT = Duration.ofSeconds(2);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<CompletableFuture<? extends AutoCloseable>> starting = new ArrayList<>();
    private final ExecutorService starters = Executors.newCachedThreadPool();
    private final StringWriter logged = new StringWriter();
    private WriterAppender logCopy;

    @BeforeEach
    void copyLogs() {
        // every logger's lines, whatever the configuration found first on the class path (jgroups-raft's jar
        // brings a log4j2-test.xml whose org.jgroups logger does not pass its lines on to the root)
        logCopy = WriterAppender.newBuilder().setName("wrong-secret-log-copy").setTarget(logged)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c{1} - %msg%n%throwable").build()).build();
        logCopy.start();
        eachLoggerConfig(config -> config.addAppender(logCopy, null, null));
    }

    private static void eachLoggerConfig(Consumer<LoggerConfig> change) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        change.accept(context.getConfiguration().getRootLogger());
        context.getConfiguration().getLoggers().values().forEach(change);
        context.updateLoggers();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close(); // coordinators before their nodes
        }
        for (CompletableFuture<? extends AutoCloseable> start : starting) {
            // a member still joining is closed once its join gave up; one that failed to start has nothing open
            start.handle((member, failed) -> member).get(30, TimeUnit.SECONDS);
            if (!start.isCompletedExceptionally()) {
                start.join().close();
            }
        }
        starters.shutdown();
        eachLoggerConfig(config -> config.removeAppender(logCopy.getName()));
        logCopy.stop();
    }

    @Test
    void defaultModeKeepsANodeWithAnotherSecretOut() throws Exception {
        long started = System.nanoTime();
        List<Integer> ports = FreePorts.pick(3);
        // every member refuses to run alone, as ClusterCoordinator's default (a majority of initialMembers) makes it:
        // the two members' starts wait for each other
        CompletableFuture<ClusterNode> starting1 =
                start(() -> new ClusterNode("n1", tcp("wsj-default", ports, 0, SECRET).withInitialCluster(2, FORM)));
        CompletableFuture<ClusterNode> starting2 =
                start(() -> new ClusterNode("n2", tcp("wsj-default", ports, 1, SECRET).withInitialCluster(2, FORM)));
        ClusterNode n1 = starting1.get(FORM.toSeconds(), TimeUnit.SECONDS);
        ClusterNode n2 = starting2.get(FORM.toSeconds(), TimeUnit.SECONDS);
        assertThat(n1.members()).containsExactlyInAnyOrder("n1", "n2");
        InfinispanCoordinator c1 = open(new InfinispanCoordinator(n1, CacheCoordinatorSettings.of("n1")));
        InfinispanCoordinator c2 = open(new InfinispanCoordinator(n2, CacheCoordinatorSettings.of("n2")));
        c1.setState("epoch", "from-n1", null).join();
        assertThat(c2.getState("epoch").join()).map(Versioned::value).contains("from-n1");
        long formed = System.nanoTime();

        // the intruder asks to join for about INTRUDER_WAIT (two attempts instead of GMS's ten), waits as long
        // again for a second member, then fails; the cluster gets join requests it cannot read
        CompletableFuture<ClusterNode> joining = start(() -> new ClusterNode("intruder",
                tcp("wsj-default", ports, 2, WRONG).withInitialCluster(2, INTRUDER_WAIT)));
        await().atMost(FORM).failFast("the cluster's view changed while the intruder tried to join",
                () -> n1.members().size() != 2 || n2.members().size() != 2).until(joining::isDone);
        long refused = System.nanoTime();

        assertThatThrownBy(joining::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Node intruder did not start")
                .hasMessageContaining("initialClusterSize is 2 but it saw 1 member(s) [intruder]")
                .hasMessageContaining("initialClusterTimeout " + INTRUDER_WAIT.toMillis() + " ms");
        // what it opened is released: its port can be bound again, and none of its threads is left
        try (ServerSocket again = new ServerSocket(ports.get(2), 1, InetAddress.getByName(TcpSettings.LOOPBACK))) {
            assertThat(again.getLocalPort()).isEqualTo(ports.get(2));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().contains("intruder")));
        // MERGE3 sits below SYM_ENCRYPT, so the cluster saw the intruder's views; it never merged
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> n1.members().size() == 2 && n2.members().size() == 2);
        assertThat(n1.members()).containsExactlyInAnyOrder("n1", "n2");
        c2.setState("after", "from-n2", null).join();
        assertThat(c1.getState("after").join()).map(Versioned::value).contains("from-n2");
        assertThat(c2.getState("epoch").join()).map(Versioned::value).contains("from-n1");
        System.out.printf("default mode: two members formed and replicated in %d ms, the intruder's start failed"
                + " after %d ms, whole test %d ms%n", millis(started, formed), millis(formed, refused),
                millis(started, System.nanoTime()));
        assertNoSecretLogged();
    }

    @Test
    void strictModeKeepsAMemberWithAnotherSecretOut() throws Exception {
        long started = System.nanoTime();
        List<Integer> ports = FreePorts.pick(3);
        List<String> members = List.of("m1", "m2", "m3");
        RaftCoordinator m1 = open(new RaftCoordinator(RaftSettings.of("wsj-strict", "m1", members),
                JGroupsStacks.tcp(tcp("wsj-strict", ports, 0, SECRET))));
        RaftCoordinator m2 = open(new RaftCoordinator(RaftSettings.of("wsj-strict", "m2", members),
                JGroupsStacks.tcp(tcp("wsj-strict", ports, 1, SECRET))));
        // a short request timeout, so the intruder's write fails fast; two join attempts instead of GMS's ten
        RaftSettings m3Settings = RaftSettings.of("wsj-strict", "m3", members);
        RaftSettings shortWait = new RaftSettings(m3Settings.group(), m3Settings.nodeId(), members,
                Duration.ofMillis(500), m3Settings.leaderLease(), m3Settings.safetyMargin(), m3Settings.delivery(),
                null);
        List<Protocol> m3Stack = JGroupsStacks.tcp(tcp("wsj-strict", ports, 2, WRONG));
        m3Stack.stream().filter(GMS.class::isInstance).map(GMS.class::cast).forEach(g -> g.setMaxJoinAttempts(2));
        CompletableFuture<RaftCoordinator> joining = start(() -> new RaftCoordinator(shortWait, m3Stack));

        await().atMost(FORM).until(() -> m1.hasRaftLeader() && m2.hasRaftLeader());
        assertThat(m1.incrementCounter("jobs", 1).join()).isEqualTo(1L);
        assertThat(m2.incrementCounter("jobs", 1).join()).isEqualTo(2L);
        m1.setState("epoch", "from-m1", null).join();
        long committed = System.nanoTime();
        await().atMost(FORM).failFast("the group's view changed while the intruder tried to join",
                () -> m1.channel().getView().size() != 2).until(joining::isDone);
        RaftCoordinator m3 = joining.join();
        long alone = System.nanoTime();

        assertThat(m3.channel().getView().getMembers()).extracting(String::valueOf).containsExactly("m3");
        assertThatThrownBy(() -> m3.getState("epoch").join())
                .hasCauseInstanceOf(CoordinationUnavailableException.class);
        assertThatThrownBy(() -> m3.incrementCounter("jobs", 1).join())
                .hasCauseInstanceOf(CoordinationUnavailableException.class);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> !m3.hasRaftLeader()
                && m3.lastApplied() == 0 && m1.channel().getView().size() == 2 && m2.channel().getView().size() == 2);
        assertThat(m2.getCounter("jobs").join()).as("nothing of the intruder's committed").isEqualTo(2L);
        assertThat(m2.getState("epoch").join()).map(Versioned::value).contains("from-m1");
        System.out.printf("strict mode: two members committed after %d ms, the intruder was alone after %d ms more,"
                + " whole test %d ms%n", millis(started, committed), millis(committed, alone),
                millis(started, System.nanoTime()));
        assertNoSecretLogged();
    }

    private void assertNoSecretLogged() {
        String log = logged.toString();
        assertThat(log).as("the copy caught the cluster's rejections").contains("SYM_ENCRYPT");
        assertThat(log).doesNotContain(SECRET).doesNotContain(WRONG);
        System.out.printf("log lines checked for the secrets: %d%n", log.lines().count());
    }

    private static TcpSettings tcp(String cluster, List<Integer> ports, int index, String secret) {
        return new TcpSettings(TcpSettings.LOOPBACK, ports.get(index), FreePorts.members(ports), cluster,
                secret::toCharArray);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /**
     * Starts a member on a thread of its own (members waiting for each other must not share one): its constructor
     * returns only once its join was answered or gave up, or fails when it waits for members that never come.
     */
    private <T extends AutoCloseable> CompletableFuture<T> start(Callable<T> member) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            try {
                return member.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, starters);
        starting.add(future);
        return future;
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
