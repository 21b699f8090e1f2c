package io.camelstable.component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.camelstable.cache.CachePolicy;
import io.camelstable.engine.Attempt;
import io.camelstable.gateway.Gateway;
import io.camelstable.gateway.GatewayDefinition;
import io.camelstable.gateway.GatewayDefinitionException;
import io.camelstable.gateway.GatewayYaml;
import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.Producer;

/**
 * {@code stable:gateway:<id>}: runs the gateway definition bound in the registry under {@code id} (or read from
 * the YAML file the {@code definition} option names) with each exchange, and sets the body to the
 * {@link io.camelstable.gateway.GatewayResult}. The gateway options of the URI override the definition's; every
 * other stable option on the URI is a gateway-level option its items inherit. The definition is compiled when the
 * endpoint is created, so a bad item, option or file fails then.
 */
public class StableGatewayEndpoint extends StableEndpoint {

    /** Options of the endpoint and its runs; every other option cascades to the items. */
    private static final Set<String> OWN = Set.of("definition", "concurrentExecution", "stopOnFirstError", "enableRacing",
            "maxTimeout", "sharedBuffer", "maxConcurrentRequests", "throwOnFailure", "resultOnExchange",
            "lazyStartProducer");

    private final Map<String, Object> itemOptions = new LinkedHashMap<>();
    private boolean maxConcurrentOnUri;
    private Gateway gateway;

    StableGatewayEndpoint(String uri, StableComponent component, StableConfiguration configuration) {
        super(uri, component, configuration);
    }

    @Override
    void beforeBinding(Map<String, Object> parameters) {
        parameters.forEach((name, value) -> {
            if (!OWN.contains(name)) {
                itemOptions.put(name, value);
            }
        });
        // on a gateway it bounds the items running, so only when written here, not a component-wide default
        maxConcurrentOnUri = parameters.containsKey("maxConcurrentRequests");
    }

    @Override
    void configure() {
        resolveTarget();
    }

    @Override
    protected void resolveTarget() {
        StableConfiguration config = getConfiguration();
        GatewayDefinition d = definition(config.getDefinition()).copy();
        if (config.getConcurrentExecution() != null) {
            d.concurrent(config.getConcurrentExecution());
        }
        if (config.getStopOnFirstError() != null) {
            d.stopOnFirstError(config.getStopOnFirstError());
        }
        if (config.getEnableRacing() != null) {
            d.racing(config.getEnableRacing());
        }
        if (config.getMaxTimeout() > 0) {
            d.maxTimeout(Duration.ofMillis(config.getMaxTimeout()));
        }
        if (maxConcurrentOnUri) {
            d.maxConcurrentRequests(config.getMaxConcurrentRequests());
        }
        if (config.getSharedBuffer() != null) {
            d.sharedBuffer(Buffers.forHooks("sharedBuffer", config.getSharedBuffer(), getCamelContext(),
                    getComponent().getSharedResources(), getComponent().getEngine()));
        }
        d.options(itemOptions);
        gateway = Gateway.compile(getComponent(), d);
    }

    private GatewayDefinition definition(String location) {
        String id = getTarget();
        if (location != null && !location.isBlank()) {
            GatewayDefinition loaded = GatewayYaml.load(getCamelContext(), location);
            if (!loaded.getId().equals(id)) {
                throw new GatewayDefinitionException(location + " defines gateway '" + loaded.getId()
                        + "', but the endpoint runs stable:gateway:" + id);
            }
            return loaded;
        }
        Object bean = getCamelContext().getRegistry().lookupByName(id);
        if (bean instanceof GatewayDefinition definition) {
            return definition;
        }
        throw new InvalidOptionException("target", id, "the id of a GatewayDefinition bean in the registry, or a YAML file"
                + " named by the definition option (definition=classpath:gateways/" + id + ".yaml)"
                + (bean == null ? "" : "; '" + id + "' is a " + bean.getClass().getName()));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        gateway.open();
    }

    @Override
    protected void doStop() throws Exception {
        gateway.close();
        super.doStop();
    }

    @Override
    protected CachePolicy createCachePolicy() {
        throw new UnsupportedOperationException("stable:gateway endpoints do not cache; their items may");
    }

    @Override
    protected Attempt createAttempt() {
        throw new UnsupportedOperationException("stable:gateway endpoints run their items' attempts");
    }

    @Override
    public Producer createProducer() {
        return new StableGatewayProducer(this);
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }

    /** @return the compiled gateway this endpoint runs */
    public Gateway getGateway() {
        return gateway;
    }
}
