package io.camelstable.component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.engine.ScheduledExecutorDelayScheduler;
import io.camelstable.engine.StableEngine;
import io.camelstable.jmx.ResourceMBeans;
import io.camelstable.metrics.ResourceMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.request.HttpDelegates;
import io.camelstable.shared.SharedResources;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.PropertiesHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code stable:} component: {@code stable:request:<delegate-uri>}, {@code stable:function:<bean>},
 * {@code stable:buffer:<id>} and {@code stable:gateway:<id>}.
 * It owns the one {@link StableEngine} its endpoints share, built on Camel's thread pools: one scheduling
 * thread for every wait, and a fixed worker pool with an unbounded queue for continuations.
 */
@Component("stable")
public class StableComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StableComponent.class);

    @Metadata(description = "Default options for every stable endpoint; each endpoint copies them.")
    private StableConfiguration configuration = new StableConfiguration();
    @Metadata(label = "advanced", defaultValue = "16",
              description = "Threads that run attempts after a delay and attempts under attemptTimeout. Waiting holds no thread.")
    private int workerPoolSize = 16;

    @Metadata(label = "advanced", autowired = true,
              description = "The Micrometer registry for camel.stable.* meters; by default the metricsRegistry bean that"
                            + " camel-micrometer uses, else the single MeterRegistry in the registry, else none.")
    private MeterRegistry meterRegistry;

    private final SharedResources sharedResources = new SharedResources();
    /**
     * Delegate endpoints by URI, shared by every stable endpoint that calls the same URI: a gateway of 10,000
     * items to one URI then has one HTTP client, where an endpoint each exhausted the machine's file handles.
     */
    private final Map<String, Endpoint> delegates = new ConcurrentHashMap<>();
    private boolean resourceMetersBound;
    private ResourceMBeans mbeans;
    private ScheduledExecutorService delayExecutor;
    private ExecutorService workerExecutor;
    private volatile StableEngine engine;

    /** Creates the component with default options. */
    public StableComponent() {
    }

    @Override
    public boolean useRawUri() {
        // the delegate URI's own options must reach it exactly as written
        return true;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.indexOf(':');
        String api = colon < 0 ? remaining : remaining.substring(0, colon);
        String target = colon < 0 ? "" : remaining.substring(colon + 1);
        if (target.isBlank()) {
            throw new InvalidOptionException("target", uri,
                    "stable:request:<delegate-uri>, stable:function:<bean>, stable:buffer:<id> or stable:gateway:<id>");
        }
        StableConfiguration config = configuration.copy();
        StableEndpoint endpoint = switch (api) {
            case "request" -> new StableRequestEndpoint(uri, this, config, target);
            case "function" -> new StableFunctionEndpoint(uri, this, config, null);
            case "buffer" -> new StableBufferEndpoint(uri, this, config);
            case "gateway" -> new StableGatewayEndpoint(uri, this, config);
            default -> throw new InvalidOptionException("api", api,
                    "request, function, buffer or gateway (stable:request:<delegate-uri>, stable:function:<bean>,"
                    + " stable:buffer:<id>, stable:gateway:<id>)");
        };
        configure(endpoint, api, target, parameters);
        return endpoint;
    }

    /**
     * A {@code stable:request} or {@code stable:function} endpoint that is not in the context's registry (a gateway
     * item), made from raw options by the very path a URI's options take: the same checks, defaults, binding,
     * shared resources and validation.
     *
     * @param  uri                    a name unique to this endpoint (it keys its own resources and meters)
     * @param  api                    request or function
     * @param  target                 the delegate URI, or the function bean's name
     * @param  function               the function to call instead of a registry bean, or null
     * @param  options                option names to values as a URI gives them (values may also be beans)
     * @return                        the configured endpoint, not started
     * @throws InvalidOptionException naming the first bad option, its value and what is allowed
     * @throws Exception              when the target cannot be resolved
     */
    public StableEndpoint createItemEndpoint(String uri, String api, String target, Object function,
            Map<String, Object> options) throws Exception {
        StableEndpoint endpoint = switch (api) {
            case "request" -> new StableRequestEndpoint(uri, this, configuration.copy(), target);
            case "function" -> new StableFunctionEndpoint(uri, this, configuration.copy(), function);
            default -> throw new InvalidOptionException("api", api, "request or function");
        };
        Map<String, Object> parameters = new LinkedHashMap<>(options);
        configure(endpoint, api, target, parameters);
        if (!parameters.isEmpty()) {
            Map.Entry<String, Object> unknown = parameters.entrySet().iterator().next();
            throw new InvalidOptionException(unknown.getKey(), unknown.getValue(), "an option of stable:" + api);
        }
        return endpoint;
    }

    /** Raw options to a configured endpoint: the one path for URIs and gateway items. */
    private void configure(StableEndpoint endpoint, String api, String target, Map<String, Object> parameters)
            throws Exception {
        RawOptionCheck.check(parameters);
        endpoint.beforeBinding(parameters);
        StableConfiguration config = endpoint.getConfiguration();
        Map<String, Object> context = PropertiesHelper.extractProperties(parameters, "context.");
        Map<String, Object> guardrails = PropertiesHelper.extractProperties(parameters, "guardrail.");
        if (endpoint instanceof StableBufferEndpoint) {
            StableBufferEndpoint.checkOptions(parameters);
        }
        endpoint.setApi(api);
        endpoint.setTarget(target);
        setProperties(endpoint, parameters);
        if (!context.isEmpty()) {
            Map<String, Object> merged = new java.util.HashMap<>(config.getExecutionContext() == null
                    ? Map.of() : config.getExecutionContext());
            merged.putAll(context);
            config.setExecutionContext(merged);
        }
        if (!guardrails.isEmpty()) {
            Map<String, Object> merged = new java.util.HashMap<>(config.getGuardrail() == null ? Map.of() : config.getGuardrail());
            merged.putAll(guardrails);
            config.setGuardrail(merged);
        }
        if (endpoint instanceof StableRequestEndpoint request && !parameters.isEmpty()) {
            // what the stable component does not know belongs to the delegate (the camel-master pattern)
            String query = URISupport.createQueryString(parameters, false);
            request.setDelegateUri(target + (target.contains("?") ? "&" : "?") + query);
            parameters.clear();
        }
        endpoint.configure();
    }

    /** @return the engine shared by this component's endpoints and the Java API */
    public StableEngine getEngine() {
        StableEngine e = engine;
        if (e == null) {
            synchronized (this) {
                if (engine == null) {
                    engine = createEngine();
                }
                e = engine;
            }
        }
        return e;
    }

    /**
     * The engine outlives a stop and start of the context (endpoints and shared limiters keep it), while Camel
     * shuts its thread pools down on stop: so the engine reaches the pools through this component, which
     * creates them again on first use after a restart.
     */
    private StableEngine createEngine() {
        return StableEngine.builder()
                .scheduler((task, delay) -> new ScheduledExecutorDelayScheduler(delays()).schedule(task, delay))
                .worker(task -> workers().execute(task)).build();
    }

    private synchronized ScheduledExecutorService delays() {
        if (delayExecutor == null || delayExecutor.isShutdown()) {
            delayExecutor = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "StableDelay", 1);
        }
        return delayExecutor;
    }

    private synchronized ExecutorService workers() {
        if (workerExecutor == null || workerExecutor.isShutdown()) {
            ThreadPoolProfile profile = new ThreadPoolProfile("StableWorker");
            profile.setPoolSize(workerPoolSize);
            profile.setMaxPoolSize(workerPoolSize);
            profile.setMaxQueueSize(-1);
            workerExecutor = getCamelContext().getExecutorServiceManager().newThreadPool(this, "StableWorker", profile);
        }
        return workerExecutor;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        ManagementAgent agent = getCamelContext().getManagementStrategy().getManagementAgent();
        if (agent != null) {
            mbeans = new ResourceMBeans(getCamelContext(), agent);
            sharedResources.onResource(mbeans::register);
        }
        WritableHealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (producers != null) {
            sharedResources.onResource(resource -> {
                if (resource instanceof StableCircuitBreaker breaker) {
                    BreakerHealthCheck check = new BreakerHealthCheck(breaker);
                    check.setEnabled(isHealthCheckProducerEnabled());
                    producers.addHealthCheck(check);
                }
            });
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        if (mbeans != null) {
            mbeans.unregisterAll();
        }
        super.doShutdown();
    }

    @Override
    protected void doStop() throws Exception {
        String reason = "The stable component stopped while the exchange was waiting";
        sharedResources.rateLimiters().forEach(l -> l.refuseWaiting(reason));
        sharedResources.concurrencyLimiters().forEach(l -> l.refuseWaiting(reason));
        for (StableBuffer buffer : sharedResources.buffers()) {
            try {
                buffer.close(); // its log file; the buffer stays usable and opens it again after a restart
            } catch (IOException e) {
                LOG.warn("Cannot close the transaction log of StableBuffer '{}': {}", buffer.getName(), e.getMessage());
            }
        }
        synchronized (this) {
            if (engine != null) {
                engine.abortWaiting(reason);
            }
            var manager = getCamelContext().getExecutorServiceManager();
            if (delayExecutor != null) {
                manager.shutdown(delayExecutor);
                delayExecutor = null;
            }
            if (workerExecutor != null) {
                manager.shutdown(workerExecutor);
                workerExecutor = null;
            }
        }
        for (Endpoint delegate : delegates.values()) {
            if (!getCamelContext().getEndpointRegistry().containsValue(delegate)) {
                org.apache.camel.support.service.ServiceHelper.stopService(delegate); // private: ours to stop
            }
        }
        super.doStop();
    }

    /**
     * @param  uri       a delegate URI (with its timeouts)
     * @return           its endpoint, shared by every stable endpoint of this component that names it (see
     *                   {@link HttpDelegates#resolve}), started once and stopped with the component
     * @throws Exception when it cannot be created
     */
    public Endpoint delegate(String uri) throws Exception {
        Endpoint known = delegates.get(uri);
        if (known != null) {
            return known;
        }
        Endpoint created = HttpDelegates.resolve(getCamelContext(), uri);
        if (created == null) {
            return null;
        }
        Endpoint raced = delegates.putIfAbsent(uri, created);
        return raced != null ? raced : created;
    }

    /**
     * @return the registry the meters go to, or null when there is none (resolved once, then kept); the shared
     *         resources' meters are bound to it the first time
     */
    public synchronized MeterRegistry resolveMeterRegistry() {
        if (meterRegistry == null) {
            Object named = getCamelContext().getRegistry().lookupByName("metricsRegistry");
            meterRegistry = named instanceof MeterRegistry r ? r
                    : getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
        }
        if (meterRegistry != null && !resourceMetersBound) {
            resourceMetersBound = true;
            sharedResources.onResource(new ResourceMeters(meterRegistry)::bind);
        }
        return meterRegistry;
    }

    public MeterRegistry getMeterRegistry() {
        return meterRegistry;
    }

    /** The Micrometer registry for camel.stable.* meters. */
    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    /** @return the named breakers (and later caches and limiters) this component's endpoints share */
    public SharedResources getSharedResources() {
        return sharedResources;
    }

    /** @return the default options for every endpoint */
    public StableConfiguration getConfiguration() {
        return configuration;
    }

    /** Default options for every stable endpoint; each endpoint copies them. */
    public void setConfiguration(StableConfiguration configuration) {
        this.configuration = configuration;
    }

    public int getWorkerPoolSize() {
        return workerPoolSize;
    }

    /** Threads that run attempts after a delay and attempts under attemptTimeout. */
    public void setWorkerPoolSize(int workerPoolSize) {
        InvalidOptionException.requireAtLeast("workerPoolSize", workerPoolSize, 1);
        this.workerPoolSize = workerPoolSize;
    }
}
