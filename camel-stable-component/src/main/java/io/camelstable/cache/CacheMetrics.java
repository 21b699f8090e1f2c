package io.camelstable.cache;

/**
 * A cache's counters at one moment.
 *
 * @param name      the cache
 * @param hits      lookups that found an entry
 * @param misses    lookups that did not
 * @param evictions entries removed for size or expiry
 * @param size      entries held
 * @param maxSize   entries kept at most
 */
public record CacheMetrics(String name, long hits, long misses, long evictions, long size, long maxSize) {

    /** @return hits as a percentage of lookups, 0 without lookups */
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 0 : hits * 100.0 / total;
    }
}
