package io.camelstable.cache;

/**
 * Where a cache's entries live. {@link CaffeineCacheStore} keeps them in this JVM; a cluster-wide store can
 * replace it without changing the engine.
 */
public interface CacheStore {

    /** @return the live entry for a key, or null (counted as a hit or a miss) */
    CacheEntry get(Object key);

    /** Stores an entry for its own time to live. */
    void put(Object key, CacheEntry entry);

    /** Drops every entry. */
    void clear();

    /** @return hits, misses, evictions and size */
    long[] counters();
}
