package io.camelstable.cache;

import io.camelstable.engine.AttemptContext;

/**
 * What caching means for one kind of attempt: its key, whether and how long a result may be stored, and
 * how a stored entry becomes a result again. The engine asks it only with a cache configured, looks up
 * before the first attempt and stores only a final, analyzer-accepted success.
 */
public interface CachePolicy {

    /**
     * @param  context the execution, before its first attempt
     * @return         the key, or null when this execution must not use the cache (a POST, {@code no-store}...)
     */
    Object keyOf(AttemptContext context);

    /**
     * @param  context the execution
     * @param  entry   a stored entry for the key
     * @return         whether it may answer this execution (for HTTP: the {@code Vary} headers match)
     */
    default boolean matches(AttemptContext context, CacheEntry entry) {
        return true;
    }

    /**
     * @param  context    the execution
     * @param  raw        the final accepted result's raw value
     * @param  defaultTtl the cache's default time to live in milliseconds
     * @return            the entry to store, or null when the result must not be stored
     */
    CacheEntry entryOf(AttemptContext context, Object raw, long defaultTtl);

    /**
     * @param  context the execution
     * @param  entry   the entry found
     * @return         the raw value the execution returns, as an attempt would have reported it
     */
    Object rawOf(AttemptContext context, CacheEntry entry);
}
