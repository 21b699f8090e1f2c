package io.camelstable.coordination.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import io.camelstable.coordination.Coordinator;
import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.util.TimeUtils;

/**
 * A Camel {@link org.apache.camel.cluster.CamelClusterService} on any {@link Coordinator}, so {@code master:}
 * and {@code ClusteredRoutePolicy} elect their leader through it. Each namespace is one coordinator election named
 * {@link #getNamespacePrefix() namespacePrefix} + namespace (see {@link CoordinatorClusterView}), in which this
 * service's {@link #getMemberId() member id} is the candidate.
 * <p>
 * Configure it in Java ({@code context.addService(new CoordinatorClusterService(coordinator))}) or as a bean in
 * Camel Main or YAML (Camel Main adds every {@code CamelClusterService} bean to the context). Options:
 * {@code coordinator} (required), {@code memberId} (default: the coordinator's node id; two services on one
 * coordinator need distinct ids), {@code namespacePrefix} (default {@value #DEFAULT_NAMESPACE_PREFIX}) and
 * {@code refreshInterval} (default {@value #DEFAULT_REFRESH_INTERVAL_MS} ms; keep it well below the coordinator's
 * leadership lease).
 * <p>
 * The refresh loops and the listener calls run on one scheduled thread of the context's
 * {@link org.apache.camel.spi.ExecutorServiceManager}, created when the service starts and shut down when it stops.
 */
public class CoordinatorClusterService extends AbstractCamelClusterService<CoordinatorClusterView> {

    /** The default prefix of election names. */
    public static final String DEFAULT_NAMESPACE_PREFIX = "camel-cluster/";
    /** The default refresh interval, in milliseconds. */
    public static final long DEFAULT_REFRESH_INTERVAL_MS = 1000;
    /** The header {@link #leaderEpochHeader(String)} sets: the leader epoch, a long. */
    public static final String LEADER_EPOCH_HEADER = "CamelStableLeaderEpoch";

    private static final long MIN_REFRESH_MS = 10;
    private static final long MAX_REFRESH_MS = 600_000;
    private static final String REFRESH_ALLOWED = "a duration from 10ms to 10m, in milliseconds or such as 500ms or 2s";

    private final Map<String, CoordinatorClusterView> views = new ConcurrentHashMap<>();
    private Coordinator coordinator;
    private String memberId;
    private String namespacePrefix = DEFAULT_NAMESPACE_PREFIX;
    private long refreshIntervalMs = DEFAULT_REFRESH_INTERVAL_MS;
    private ScheduledExecutorService executor;

    /** A service to configure with setters (as a bean). */
    public CoordinatorClusterService() {
    }

    /** @param coordinator the coordinator whose elections it uses */
    public CoordinatorClusterService(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** @return the coordinator, or null if not set yet */
    public Coordinator getCoordinator() {
        return coordinator;
    }

    /** @param coordinator the coordinator whose elections it uses (required) */
    public void setCoordinator(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** @return the local candidate id: the configured one, else the coordinator's node id */
    public String getMemberId() {
        return memberId != null ? memberId : coordinator != null ? coordinator.nodeId() : null;
    }

    /** @param memberId the local candidate id, not blank */
    public void setMemberId(String memberId) {
        if (memberId == null || memberId.isBlank()) {
            throw new InvalidOptionException("memberId", memberId == null ? null : "'" + memberId + "'",
                    "a non-blank candidate id");
        }
        this.memberId = memberId;
    }

    /** @return the prefix of election names */
    public String getNamespacePrefix() {
        return namespacePrefix;
    }

    /** @param namespacePrefix the prefix of election names, not null (may be empty) */
    public void setNamespacePrefix(String namespacePrefix) {
        if (namespacePrefix == null) {
            throw new InvalidOptionException("namespacePrefix", null, "a string, empty allowed");
        }
        this.namespacePrefix = namespacePrefix;
    }

    /** @return the refresh interval in milliseconds */
    public long getRefreshIntervalMillis() {
        return refreshIntervalMs;
    }

    /** @param refreshInterval milliseconds, or a duration such as 500ms or 2s; from 10ms to 10m */
    public void setRefreshInterval(String refreshInterval) {
        long ms;
        try {
            ms = TimeUtils.toMilliSeconds(refreshInterval.trim());
        } catch (RuntimeException e) {
            throw new InvalidOptionException("refreshInterval", refreshInterval, REFRESH_ALLOWED);
        }
        if (ms < MIN_REFRESH_MS || ms > MAX_REFRESH_MS) {
            throw new InvalidOptionException("refreshInterval", refreshInterval, REFRESH_ALLOWED);
        }
        this.refreshIntervalMs = ms;
    }

    /**
     * @param  namespace a namespace
     * @return           its view, if one was created (unlike {@link #getView(String)}, this neither creates nor
     *                   retains one)
     */
    public Optional<CoordinatorClusterView> findView(String namespace) {
        return Optional.ofNullable(views.get(namespace));
    }

    /**
     * @param  namespace a namespace
     * @return           the epoch of the local member's leadership of that namespace; empty when it does not lead
     *                   or no view of the namespace exists
     */
    public OptionalLong leaderEpoch(String namespace) {
        return findView(namespace).map(CoordinatorClusterView::getLeaderEpoch).orElse(OptionalLong.empty());
    }

    /**
     * A processor for routes that fence their work: it sets {@link #LEADER_EPOCH_HEADER} to the epoch of the local
     * member's leadership of {@code namespace}, and fails the exchange if it does not lead it (any more).
     *
     * @param  namespace the namespace, as in {@code master:namespace:...}
     * @return           the processor
     */
    public Processor leaderEpochHeader(String namespace) {
        return exchange -> exchange.getMessage().setHeader(LEADER_EPOCH_HEADER, leaderEpoch(namespace).orElseThrow(
                () -> new IllegalStateException("Member " + getMemberId() + " does not lead namespace " + namespace)));
    }

    @Override
    protected CoordinatorClusterView createView(String namespace) {
        requireCoordinator();
        CoordinatorClusterView view = new CoordinatorClusterView(this, namespace, coordinator,
                namespacePrefix + namespace, getMemberId(), refreshIntervalMs);
        views.put(namespace, view);
        return view;
    }

    @Override
    protected void doStart() throws Exception {
        requireCoordinator();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop(); // the views resign
        } finally {
            synchronized (this) {
                if (executor != null) {
                    getCamelContext().getExecutorServiceManager().shutdown(executor);
                    executor = null;
                }
            }
        }
    }

    /** The one thread of the refresh loops and listener calls, created on first use while the service runs. */
    synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            CamelContext context = getCamelContext();
            if (context == null || isStoppingOrStopped()) {
                throw new RejectedExecutionException("The cluster service is not running in a CamelContext");
            }
            executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "CoordinatorClusterService");
        }
        return executor;
    }

    private void requireCoordinator() {
        if (coordinator == null) {
            throw new InvalidOptionException("coordinator", null,
                    "a Coordinator, e.g. a bean reference such as #coordinator");
        }
    }
}
