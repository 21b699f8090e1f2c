package io.camelstable.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.camelstable.policy.InvalidOptionException;

/**
 * A named cache of successful results. One instance per name, shared by the endpoints naming it; unlike the
 * seed's process-wide singleton, a second configuration is never silently ignored (SPEC §4.2 #3). Entries
 * live in a {@link CacheStore} ({@link CaffeineCacheStore} unless another is given).
 */
public final class StableCache {

    private final String name;
    private final long maxSize;
    private final long defaultTtlMillis;
    private final CacheStore store;

    /**
     * @param name             the name routes use to share it
     * @param maxSize          entries kept, ≥ 1
     * @param defaultTtlMillis time to live when the response does not say, ≥ 1
     * @param store            where the entries live
     */
    public StableCache(String name, long maxSize, long defaultTtlMillis, CacheStore store) {
        InvalidOptionException.requireAtLeast("cacheMaxSize", maxSize, 1);
        InvalidOptionException.requireAtLeast("cacheTtl", defaultTtlMillis, 1);
        this.name = name;
        this.maxSize = maxSize;
        this.defaultTtlMillis = defaultTtlMillis;
        this.store = store;
    }

    /**
     * @param name             the name
     * @param maxSize          entries kept
     * @param defaultTtlMillis default time to live
     * @param ticker           nanosecond time source (tests pass a virtual one)
     */
    public StableCache(String name, long maxSize, long defaultTtlMillis, Ticker ticker) {
        this(name, maxSize, defaultTtlMillis, new CaffeineCacheStore(Math.max(1, maxSize), ticker));
    }

    /** @return the entry for a key, or null */
    public CacheEntry get(Object key) {
        return store.get(key);
    }

    /** Stores an entry. */
    public void put(Object key, CacheEntry entry) {
        store.put(key, entry);
    }

    /** Drops every entry. */
    public void clear() {
        store.clear();
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @return entries kept at most */
    public long getMaxSize() {
        return maxSize;
    }

    /** @return the default time to live in milliseconds */
    public long getDefaultTtlMillis() {
        return defaultTtlMillis;
    }

    /** @return hits, misses, evictions and size */
    public CacheMetrics getMetrics() {
        long[] c = store.counters();
        return new CacheMetrics(name, c[0], c[1], c[2], c[3], maxSize);
    }
}
