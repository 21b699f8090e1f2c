package io.camelstable.cache;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/** Entries in this JVM, on Caffeine: W-TinyLFU eviction and per-entry expiry from each entry's TTL. */
public final class CaffeineCacheStore implements CacheStore {

    private final Cache<Object, CacheEntry> cache;

    /**
     * @param maxSize entries kept
     * @param ticker  nanosecond time source
     */
    public CaffeineCacheStore(long maxSize, Ticker ticker) {
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

    @Override
    public CacheEntry get(Object key) {
        return cache.getIfPresent(key);
    }

    @Override
    public void put(Object key, CacheEntry entry) {
        cache.put(key, entry);
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public long[] counters() {
        cache.cleanUp();
        CacheStats s = cache.stats();
        return new long[] { s.hitCount(), s.missCount(), s.evictionCount(), cache.estimatedSize() };
    }
}
