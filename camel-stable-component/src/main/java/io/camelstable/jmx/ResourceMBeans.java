package io.camelstable.jmx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.ObjectName;

import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.cache.StableCache;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.limit.StableRateLimiter;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the shared resources with Camel's JMX agent as
 * {@code <domain>:context=<name>,type=stable,name="<kind>-<resource>"} and unregisters them on stop.
 */
public final class ResourceMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceMBeans.class);

    private final CamelContext context;
    private final ManagementAgent agent;
    private final List<ObjectName> registered = new CopyOnWriteArrayList<>();

    /**
     * @param context the Camel context
     * @param agent   its JMX agent
     */
    public ResourceMBeans(CamelContext context, ManagementAgent agent) {
        this.context = context;
        this.agent = agent;
    }

    /** Registers any shared resource. */
    public void register(Object resource) {
        if (resource instanceof StableCircuitBreaker b) {
            register("breaker-" + b.getName(), new ManagedBreaker(b));
        } else if (resource instanceof StableCache c) {
            register("cache-" + c.getName(), new ManagedCache(c));
        } else if (resource instanceof StableRateLimiter r) {
            register("rate-limiter-" + r.getName(), new ManagedLimiter("rate", r::getMetrics));
        } else if (resource instanceof StableConcurrencyLimiter c) {
            register("concurrency-limiter-" + c.getName(), new ManagedLimiter("concurrency", c::getMetrics));
        }
    }

    private void register(String name, Object mbean) {
        try {
            ObjectName objectName = new ObjectName(agent.getMBeanObjectDomainName() + ":context="
                    + ObjectName.quote(context.getManagementName()) + ",type=stable,name=" + ObjectName.quote(name));
            agent.register(mbean, objectName);
            registered.add(objectName);
        } catch (Exception e) {
            LOG.warn("Cannot register {} with JMX: {}", name, e.getMessage());
        }
    }

    /** Unregisters everything this registered. */
    public void unregisterAll() {
        for (ObjectName name : registered) {
            try {
                agent.unregister(name);
            } catch (Exception e) {
                LOG.debug("Cannot unregister {}: {}", name, e.getMessage());
            }
        }
        registered.clear();
    }
}
