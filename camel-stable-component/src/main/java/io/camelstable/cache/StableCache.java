package io.camelstable.cache;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.camelstable.policy.InvalidOptionException;

/**
 * A named cache of successful results, on Caffeine (W-TinyLFU eviction, per-entry expiry from the entry's
 * TTL). One instance per name, shared by the endpoints naming it, each with its own settings: unlike the
 * seed's process-wide singleton, a second configuration is never silently ignored (SPEC §4.2 #3).
 */
public final class StableCache {

    private final String name;
    private final long maxSize;
    private final long defaultTtlMillis;
    private final Cache<Object, CacheEntry> cache;

    /**
     * @param name             the name routes use to share it
     * @param maxSize          entries kept, ≥ 1
     * @param defaultTtlMillis time to live when the response does not say, ≥ 1
     * @param ticker           nanosecond time source (tests pass a virtual one)
     */
    public StableCache(String name, long maxSize, long defaultTtlMillis, Ticker ticker) {
        InvalidOptionException.requireAtLeast("cacheMaxSize", maxSize, 1);
        InvalidOptionException.requireAtLeast("cacheTtl", defaultTtlMillis, 1);
        this.name = name;
        this.maxSize = maxSize;
        this.defaultTtlMillis = defaultTtlMillis;
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).ticker(ticker).recordStats()
                .expireAfter(new Expiry<Object, CacheEntry>() {
                    @Override
                    public long expireAfterCreate(Object key, CacheEntry value, long currentTime) {
                        return TimeUnit.MILLISECONDS.toNanos(value.ttlMillis());
                    }

                    @Override
                    public long expireAfterUpdate(Object key, CacheEntry value, long currentTime, long currentDuration) {
                        return TimeUnit.MILLISECONDS.toNanos(value.ttlMillis());
                    }

                    @Override
                    public long expireAfterRead(Object key, CacheEntry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
    }

    /** @return the entry for a key, or null (counted as a hit or a miss) */
    public CacheEntry get(Object key) {
        return cache.getIfPresent(key);
    }

    /** Stores an entry. */
    public void put(Object key, CacheEntry entry) {
        cache.put(key, entry);
    }

    /** Drops every entry. */
    public void clear() {
        cache.invalidateAll();
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
        cache.cleanUp();
        CacheStats s = cache.stats();
        return new CacheMetrics(name, s.hitCount(), s.missCount(), s.evictionCount(), cache.estimatedSize(), maxSize);
    }
}
