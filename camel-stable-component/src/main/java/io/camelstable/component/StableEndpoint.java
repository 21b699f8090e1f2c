package io.camelstable.component;

import java.util.Map;

import io.camelstable.cache.CachePolicy;
import io.camelstable.engine.Attempt;
import io.camelstable.engine.ExecutionOptions;
import io.camelstable.metrics.MicrometerObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.URISupport;

/**
 * Resilient calls of any Camel endpoint or bean: retries with backoff and Retry-After, per-attempt timeouts
 * that cancel, response and error analyzers, hooks, trial mode and a full result with an attempt log.
 * <p>
 * One subclass per api supplies the {@link Attempt}; options are validated when the endpoint is created.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "stable", title = "Stable", syntax = "stable:api:target",
             producerOnly = true, category = { Category.CORE }, headersClass = StableConstants.class,
             lenientProperties = true)
public abstract class StableEndpoint extends DefaultEndpoint {

    @UriPath(enums = "request,function,buffer,gateway",
             description = "Which stable API: request wraps any Camel producer URI, function calls a registry bean,"
                           + " buffer reads or changes a StableBuffer, gateway runs a gateway definition's items.")
    @Metadata(required = true)
    private String api;
    @UriPath(description = "For request: the delegate endpoint URI (http://..., direct:..., kafka:...)."
                           + " For function: the name of a bean in the registry. For buffer: the buffer's name."
                           + " For gateway: the gateway's id.")
    @Metadata(required = true)
    private String target;
    @UriParam
    private final StableConfiguration configuration;

    private ExecutionOptions options;

    /**
     * @param uri           the endpoint URI
     * @param component     the owning component
     * @param configuration this endpoint's own copy of the options
     */
    protected StableEndpoint(String uri, StableComponent component, StableConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    /**
     * Sees the options as written, checked but not yet bound (a gateway keeps those it cascades to its items).
     *
     * @param parameters the options left to bind; not to be changed
     */
    void beforeBinding(Map<String, Object> parameters) {
    }

    /** Validates the options and resolves the target; called once when the endpoint is created. */
    void configure() throws Exception {
        options = configuration.toOptions(getCamelContext(), getComponent().getSharedResources(), getEndpointKey(),
                getComponent().getEngine());
        resolveTarget();
        ExecutionOptions.Builder complete = options.toBuilder();
        if (options.cache() != null) {
            complete.cachePolicy(createCachePolicy());
        }
        MeterRegistry registry = getComponent().resolveMeterRegistry();
        if (registry != null) {
            complete.observer(new MicrometerObserver(registry, URISupport.sanitizeUri(getEndpointUri())));
        }
        complete.successUnobserved(configuration.getResultOnExchange() == ResultOnExchange.NONE);
        options = complete.build();
    }

    /**
     * @return what caching means for this endpoint's calls
     * @throws io.camelstable.policy.InvalidOptionException when its calls cannot be cached
     */
    protected abstract CachePolicy createCachePolicy();

    /**
     * Resolves what this endpoint calls, failing with a clear message when it does not exist.
     *
     * @throws Exception when the target cannot be resolved
     */
    protected abstract void resolveTarget() throws Exception;

    /**
     * @return           a new attempt for a producer (it may hold a started delegate producer)
     * @throws Exception when the delegate cannot be created
     */
    protected abstract Attempt createAttempt() throws Exception;

    /**
     * @return           a new attempt, for a caller that runs this endpoint's calls itself (a gateway item)
     * @throws Exception when the delegate cannot be created
     */
    public final Attempt newAttempt() throws Exception {
        return createAttempt();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new StableProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("stable:" + api + " endpoints are producers only");
    }

    @Override
    public StableComponent getComponent() {
        return (StableComponent) super.getComponent();
    }

    /** @return the validated engine options of this endpoint */
    public ExecutionOptions getOptions() {
        return options;
    }

    /** @return this endpoint's options as configured */
    public StableConfiguration getConfiguration() {
        return configuration;
    }

    public String getApi() {
        return api;
    }

    /** Which stable API. */
    public void setApi(String api) {
        this.api = api;
    }

    public String getTarget() {
        return target;
    }

    /** The delegate URI or bean name. */
    public void setTarget(String target) {
        this.target = target;
    }
}
