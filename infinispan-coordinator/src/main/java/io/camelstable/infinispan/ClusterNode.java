package io.camelstable.infinispan;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.infinispan.Cache;
import org.infinispan.commons.TimeoutException;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.conflict.MergePolicy;
import org.infinispan.counter.configuration.CounterManagerConfigurationBuilder;
import org.infinispan.counter.configuration.Reliability;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.partitionhandling.PartitionHandling;
import org.infinispan.remoting.transport.Transport;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;

/**
 * One member of a coordination cluster: an embedded, clustered Infinispan cache manager. Every coordination
 * cache is replicated synchronously, refuses reads and writes in a minority partition
 * ({@code DENY_READ_WRITES}) and never merges divergent values after a split ({@code MergePolicy.NONE}):
 * a coordination value that cannot be trusted is unavailable rather than wrong (DESIGN §9). Marshalling is
 * Infinispan 16's default, ProtoStream; no Java deserialization is configured.
 */
public final class ClusterNode implements AutoCloseable {

    /** The cache holding versioned coordination state. */
    public static final String STATE = "stable-state";

    private final DefaultCacheManager manager;

    /** @param settings the cluster to join and this node's name */
    public ClusterNode(ClusterSettings settings) {
        this(settings.clusterName(), settings.nodeName(), JGroupsTransport.CONFIGURATION_FILE, settings.stack());
    }

    /**
     * A member on the JGroups TCP stack; with a secret, Infinispan's own traffic is encrypted with its key. With an
     * initial cluster size above 1 the constructor returns only once that many members are in the view.
     *
     * @param  nodeName              this node's name, unique in the cluster
     * @param  tcp                   where to bind, the initial members, the cluster's name, the optional secret and
     *                               the initial cluster to wait for
     * @throws IllegalStateException when fewer than {@link TcpSettings#initialClusterSize()} members were seen
     *                               within {@link TcpSettings#initialClusterTimeout()}, naming both and whom it
     *                               saw; the node has released its port and threads
     */
    public ClusterNode(String nodeName, TcpSettings tcp) {
        this(tcp.clusterName(), nodeName, new StackChannelConfigurator("tcp", () -> JGroupsStacks.tcp(tcp)),
                tcp.initialClusterSize(), tcp.initialClusterTimeout().toMillis());
    }

    private ClusterNode(String clusterName, String nodeName, String stackKey, Object stack) {
        manager = start(configure(clusterName, nodeName, stackKey, stack));
    }

    private ClusterNode(String clusterName, String nodeName, StackChannelConfigurator stack, int initialClusterSize,
            long initialClusterTimeoutMs) {
        GlobalConfigurationBuilder global = configure(clusterName, nodeName, JGroupsTransport.CHANNEL_CONFIGURATOR,
                stack);
        if (initialClusterSize > 1) {
            global.transport().initialClusterSize(initialClusterSize)
                    .initialClusterTimeout(initialClusterTimeoutMs, TimeUnit.MILLISECONDS);
        }
        try {
            manager = start(global);
        } catch (RuntimeException e) {
            List<String> seen = stack.lastMembers();
            if (initialClusterSize > 1 && seen.size() < initialClusterSize && waitTimedOut(e)) {
                throw new IllegalStateException("Node " + nodeName + " did not start: initialClusterSize is "
                        + initialClusterSize + " but it saw " + seen.size() + " member(s) " + seen
                        + " within initialClusterTimeout " + initialClusterTimeoutMs + " ms. It does not run alone:"
                        + " check that the other members are up and that initialMembers, clusterName and the secret"
                        + " are the cluster's", e);
            }
            throw e;
        }
    }

    /** @return whether Infinispan gave up waiting (ISPN000399), rather than failing to start for another reason */
    private static boolean waitTimedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static GlobalConfigurationBuilder configure(String clusterName, String nodeName, String stackKey,
            Object stack) {
        GlobalConfigurationBuilder global = GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName(clusterName).nodeName(nodeName).addProperty(stackKey, stack);
        global.jmx().disable();
        // counters (default mode's versions, tokens, epochs) refuse updates without a majority, as the caches do;
        // every member owns every counter: with Infinispan's default of two owners, a survivor that became an owner
        // after a kill -9 kept a stale value for good in 3 of 8 runs here (docs/coordination.md), and with all
        // members owning, a crash never makes a new owner
        global.addModule(CounterManagerConfigurationBuilder.class).reliability(Reliability.CONSISTENT)
                .numOwner(Integer.MAX_VALUE);
        return global;
    }

    /**
     * Starts the cache manager. One that fails to start has already stopped what it started (ISPN000660), its
     * channel and thread pools included; stopping it again would only log errors.
     */
    private static DefaultCacheManager start(GlobalConfigurationBuilder global) {
        DefaultCacheManager manager = new DefaultCacheManager(global.build(), false);
        manager.defineConfiguration(STATE, coordinationCache().build());
        manager.start();
        return manager;
    }

    /** @return a new builder of a coordination cache: REPL_SYNC, DENY_READ_WRITES, merge policy NONE */
    public static ConfigurationBuilder coordinationCache() {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.clustering().cacheMode(CacheMode.REPL_SYNC).partitionHandling()
                .whenSplit(PartitionHandling.DENY_READ_WRITES).mergePolicy(MergePolicy.NONE);
        return cache;
    }

    /** @return the state cache, started on first use */
    public <K, V> Cache<K, V> stateCache() {
        return manager.getCache(STATE);
    }

    /** @return the cache manager, for a coordinator that defines caches and counters of its own */
    public EmbeddedCacheManager cacheManager() {
        return manager;
    }

    /** @return the names of the members this node sees now */
    public List<String> members() {
        return manager.getMembers() == null ? List.of() : manager.getMembers().stream().map(String::valueOf).toList();
    }

    /** @return the JGroups protocols this node runs, bottom first (to check what the transport really uses) */
    public String protocols() {
        Transport transport = GlobalComponentRegistry.of(manager).getComponent(Transport.class);
        return transport instanceof JGroupsTransport jgroups
                ? jgroups.getChannel().getProtocolStack().printProtocolSpec(false) : String.valueOf(transport);
    }

    /** @return this node's name */
    public String name() {
        return String.valueOf(manager.getAddress());
    }

    @Override
    public void close() {
        manager.stop();
    }
}
