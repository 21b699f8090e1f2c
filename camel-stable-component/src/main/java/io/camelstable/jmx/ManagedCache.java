package io.camelstable.jmx;

import io.camelstable.cache.StableCache;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/** A shared cache over JMX. */
@ManagedResource(description = "camel-stable cache")
public class ManagedCache {

    private final StableCache cache;

    /** @param cache the cache */
    public ManagedCache(StableCache cache) {
        this.cache = cache;
    }

    /** @return hits */
    @ManagedAttribute(description = "Lookups that found an entry")
    public long getHits() {
        return cache.getMetrics().hits();
    }

    /** @return misses */
    @ManagedAttribute(description = "Lookups that did not")
    public long getMisses() {
        return cache.getMetrics().misses();
    }

    /** @return entries */
    @ManagedAttribute(description = "Entries held")
    public long getSize() {
        return cache.getMetrics().size();
    }

    /** Drops every entry. */
    @ManagedOperation(description = "Drop every entry")
    public void clear() {
        cache.clear();
    }
}
