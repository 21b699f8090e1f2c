package io.camelstable.infinispan;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.apache.camel.health.HealthCheckRegistry;

import io.micrometer.core.instrument.MeterRegistry;

import io.camelstable.component.StableComponent;
import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.CoordinatorMetrics;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.MessageHandler;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.Subscription;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;
import io.camelstable.engine.Cancellable;
import io.camelstable.infinispan.cache.CacheCoordinatorSettings;
import io.camelstable.infinispan.cache.InfinispanCoordinator;
import io.camelstable.metrics.ResourceMeters;
import io.camelstable.infinispan.raft.RaftCoordinator;
import io.camelstable.infinispan.raft.RaftSettings;

/**
 * The clustered {@link Coordinator} as a bean that Camel Main properties, a YAML {@code beans:} entry or plain
 * Java configure with setters: it joins the cluster over JGroups TCP + TCPPING (encrypted when a secret is set)
 * when Camel starts it, or at the first call, and leaves it when Camel stops it. Every setter checks its value
 * at once; {@link #start()} checks that they fit together, so a bad configuration fails before any route runs.
 * In default mode the start also waits for {@code initialClusterSize} members (by default a majority of
 * {@code initialMembers}) and fails after {@code initialClusterTimeout}, so a node that cannot join does not run
 * alone. The secret is kept only as characters, cleared once the node has started, and never printed.
 */
public final class ClusterCoordinator implements Coordinator, Service, CamelContextAware {

    /** How the coordinator replicates. */
    public enum Mode {
        /** Every operation through a jgroups-raft log: linearizable, survives the crash of any minority. */
        STRICT,
        /**
         * Infinispan's own caches, conditional writes and counters: elastic membership, linearizable only while
         * no member crashes (see docs/coordination.md, "Default mode").
         */
        DEFAULT
    }

    private Mode mode = Mode.STRICT;
    private String clusterName;
    private String nodeName;
    private String bindAddress = TcpSettings.LOOPBACK;
    private int bindPort = 7800;
    private List<String> initialMembers = List.of();
    private List<String> members = List.of();
    private char[] secret;
    private long requestTimeout = 2000;
    private long leaderLease = 1000;
    private long safetyMargin = 100;
    private String logDir;
    private Integer initialClusterSize;
    private long initialClusterTimeout = TcpSettings.DEFAULT_INITIAL_CLUSTER_TIMEOUT.toMillis();
    private CamelContext camelContext;
    private volatile Coordinator delegate;
    private CoordinatorHealthCheck healthCheck;
    private ClusterNode node;

    /** @param mode STRICT (the default: jgroups-raft) or DEFAULT (Infinispan's own primitives) */
    public void setMode(Mode mode) {
        this.mode = require(mode, "mode", mode != null, "STRICT or DEFAULT");
    }

    /** @param clusterName the cluster every node of one deployment names alike */
    public void setClusterName(String clusterName) {
        this.clusterName = require(clusterName, "clusterName", clusterName != null && !clusterName.isBlank(),
                "a non-blank name");
    }

    /** @param nodeName this node's name, unique in the cluster; in strict mode one of {@code members} */
    public void setNodeName(String nodeName) {
        this.nodeName = require(nodeName, "nodeName", nodeName != null && !nodeName.isBlank(), "a non-blank name");
    }

    /** @param bindAddress the address to listen on (default 127.0.0.1) */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** @param bindPort the TCP port to listen on, 1..65535 (default 7800) */
    public void setBindPort(int bindPort) {
        this.bindPort = require(bindPort, "bindPort", bindPort >= 1 && bindPort <= 65535, "1..65535");
    }

    /** @param initialMembers the members asked at join time, comma-separated {@code host[port]} */
    public void setInitialMembers(String initialMembers) {
        this.initialMembers = split(initialMembers);
    }

    /** @param members strict mode: every member's node name, comma-separated; a majority must be up */
    public void setMembers(String members) {
        this.members = split(members);
    }

    /** @param secret the shared secret that keys the cluster's encryption; a node without it cannot join */
    public void setSecret(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.toCharArray();
    }

    /**
     * @param requestTimeout how long a call waits to be committed, in milliseconds (default 2000); in default mode
     *                       how long a transaction waits for its locks
     */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = require(requestTimeout, "requestTimeout", requestTimeout > 0, "a positive number of ms");
    }

    /** @param leaderLease how long a leader leads without renewing, in milliseconds (default 1000, at least 100) */
    public void setLeaderLease(long leaderLease) {
        this.leaderLease = require(leaderLease, "leaderLease", leaderLease >= 100, "at least 100 ms");
    }

    /** @param safetyMargin how much earlier this node ends its own leases than the cluster does, in ms (default 100) */
    public void setSafetyMargin(long safetyMargin) {
        this.safetyMargin = require(safetyMargin, "safetyMargin", safetyMargin >= 0, "0 or more ms");
    }

    /** @param logDir strict mode: the directory of a persistent Raft log (default: in memory) */
    public void setLogDir(String logDir) {
        this.logDir = logDir;
    }

    /**
     * @param initialClusterSize default mode: how many members, this one included, the node must see before it
     *                           starts, at least 1 (default: a majority of {@code initialMembers}, so a node that
     *                           cannot join, for example with another secret, fails to start instead of running
     *                           alone); 1 lets it run alone
     */
    public void setInitialClusterSize(int initialClusterSize) {
        this.initialClusterSize = require(initialClusterSize, "initialClusterSize", initialClusterSize >= 1,
                "1 (may run alone) or more");
    }

    /**
     * @return the initial cluster size that start uses: the one set, else in default mode a majority of
     *         {@code initialMembers}; 1 in strict mode (Raft needs its majority anyway)
     */
    public int getInitialClusterSize() {
        if (mode == Mode.STRICT) {
            return 1;
        }
        return initialClusterSize != null ? initialClusterSize : initialMembers.size() / 2 + 1;
    }

    /**
     * @param initialClusterTimeout default mode: how long start waits for {@code initialClusterSize} members before
     *                              it fails, in milliseconds (default 60000)
     */
    public void setInitialClusterTimeout(long initialClusterTimeout) {
        this.initialClusterTimeout = require(initialClusterTimeout, "initialClusterTimeout",
                initialClusterTimeout > 0, "a positive number of ms");
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == camelContext) {
            return; // addService below hands the context back to us
        }
        this.camelContext = camelContext;
        try {
            // started with the context, after every property is set; stopped with it
            camelContext.addService(this, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the cluster coordinator with Camel: " + e.getMessage(), e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /**
     * Joins the cluster, unless already joined.
     *
     * @throws IllegalArgumentException when the options do not fit together, naming them
     * @throws IllegalStateException    when the node cannot join, for example when a default-mode node saw fewer
     *                                  than {@code initialClusterSize} members within {@code initialClusterTimeout}
     */
    @Override
    public synchronized void start() {
        if (delegate != null) {
            return;
        }
        require(clusterName, "clusterName", clusterName != null, "set: the cluster every node names alike");
        require(nodeName, "nodeName", nodeName != null, "set: this node's name");
        if (mode == Mode.STRICT) {
            require(members, "members", members.contains(nodeName),
                    "a list that contains nodeName '" + nodeName + "' (strict mode needs every member's name)");
        }
        char[] key = secret;
        TcpSettings tcp = new TcpSettings(bindAddress, bindPort, initialMembers, clusterName,
                key == null ? null : () -> Arrays.copyOf(key, key.length), getInitialClusterSize(),
                Duration.ofMillis(initialClusterTimeout));
        try {
            CoordinatorHealthCheck check;
            if (mode == Mode.STRICT) {
                RaftCoordinator raft = new RaftCoordinator(new RaftSettings(clusterName, nodeName, members,
                        Duration.ofMillis(requestTimeout), Duration.ofMillis(leaderLease),
                        Duration.ofMillis(safetyMargin), DeliverySettings.defaults(), logDir), JGroupsStacks.tcp(tcp));
                check = CoordinatorHealthCheck.of(raft);
                delegate = raft;
            } else {
                node = new ClusterNode(nodeName, tcp);
                InfinispanCoordinator cache = new InfinispanCoordinator(node, new CacheCoordinatorSettings(nodeName,
                        Duration.ofMillis(leaderLease), Duration.ofMillis(safetyMargin),
                        Duration.ofMillis(requestTimeout), DeliverySettings.defaults()));
                check = CoordinatorHealthCheck.of(cache);
                delegate = cache;
            }
            observe(check);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot join cluster " + clusterName + " as " + nodeName + " on "
                    + bindAddress + ":" + bindPort + ": " + e.getMessage(), e);
        } finally {
            // cleared once the key is derived and in use; kept after a failed start, so that a retry (a later call
            // starts again) is encrypted too instead of joining without a secret
            if (key != null && delegate != null) {
                Arrays.fill(key, '\0');
                secret = null;
            }
        }
    }

    /** Binds the meters and the readiness check, when Camel runs this bean. */
    private void observe(CoordinatorHealthCheck check) {
        if (camelContext == null) {
            return;
        }
        // the meter registry camel-micrometer uses, found as the stable component finds it
        MeterRegistry meters = camelContext.getComponent("stable", StableComponent.class).resolveMeterRegistry();
        if (meters != null) {
            new ResourceMeters(meters).bind(delegate);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        if (health != null) {
            healthCheck = check;
            health.register(check);
        }
    }

    /** Leaves the cluster (releasing this node's locks and resigning its candidates first). */
    @Override
    public synchronized void stop() {
        if (healthCheck != null) {
            HealthCheckRegistry.get(camelContext).unregister(healthCheck);
            healthCheck = null;
        }
        if (delegate != null) {
            delegate.close();
            delegate = null;
        }
        if (node != null) {
            node.close();
            node = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return the coordinator this bean runs, starting it if Camel has not */
    public Coordinator delegate() {
        Coordinator d = delegate;
        if (d == null) {
            start();
            d = delegate;
        }
        return d;
    }

    @Override
    public String nodeId() {
        return nodeName;
    }

    @Override
    public CompletableFuture<LockResult> acquireLock(String key, LockOptions options) {
        return delegate().acquireLock(key, options);
    }

    @Override
    public CompletableFuture<Boolean> renew(LockHandle handle) {
        return delegate().renew(handle);
    }

    @Override
    public CompletableFuture<Boolean> releaseLock(LockHandle handle) {
        return delegate().releaseLock(handle);
    }

    @Override
    public CompletableFuture<Boolean> validateFencingToken(String key, long token) {
        return delegate().validateFencingToken(key, token);
    }

    @Override
    public CompletableFuture<Optional<Versioned<Object>>> getState(String key) {
        return delegate().getState(key);
    }

    @Override
    public CompletableFuture<Versioned<Object>> setState(String key, Object value, Duration ttl) {
        return delegate().setState(key, value, ttl);
    }

    @Override
    public CompletableFuture<Boolean> deleteState(String key) {
        return delegate().deleteState(key);
    }

    @Override
    public CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value) {
        return delegate().compareAndSwap(key, expectedVersion, value);
    }

    @Override
    public CompletableFuture<Leadership> campaign(String election, String candidateId) {
        return delegate().campaign(election, candidateId);
    }

    @Override
    public CompletableFuture<Boolean> resign(String election, String candidateId) {
        return delegate().resign(election, candidateId);
    }

    @Override
    public CompletableFuture<Optional<Leadership>> getLeader(String election) {
        return delegate().getLeader(election);
    }

    @Override
    public Cancellable onLeadershipChange(String election, Consumer<LeadershipEvent> listener) {
        return delegate().onLeadershipChange(election, listener);
    }

    @Override
    public CompletableFuture<PublishResult> publish(String topic, Object message, PublishOptions options) {
        return delegate().publish(topic, message, options);
    }

    @Override
    public CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler) {
        return delegate().subscribe(topic, subscriberId, handler);
    }

    @Override
    public CompletableFuture<TransactionResult> executeTransaction(List<TxOperation> operations) {
        return delegate().executeTransaction(operations);
    }

    @Override
    public CompletableFuture<Long> incrementCounter(String key, long delta) {
        return delegate().incrementCounter(key, delta);
    }

    @Override
    public CompletableFuture<Long> getCounter(String key) {
        return delegate().getCounter(key);
    }

    @Override
    public CoordinatorMetrics getMetrics() {
        return delegate().getMetrics();
    }

    private static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static <T> T require(T value, String option, boolean ok, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid cluster coordinator option " + option + "=" + value
                    + ": must be " + allowed);
        }
        return value;
    }

    /** Names the node and the cluster; the secret is never part of it. */
    @Override
    public String toString() {
        return "ClusterCoordinator[" + mode + ", " + nodeName + "@" + clusterName + ", " + bindAddress + ":" + bindPort
                + (secret != null ? ", secret=***" : "") + "]";
    }
}
