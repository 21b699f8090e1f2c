package io.camelstable.cache;

import org.apache.camel.Exchange;

/** Computes the cache key of an exchange, replacing the default key (a {@code #bean} for {@code cacheKey}). */
@FunctionalInterface
public interface CacheKeyGenerator {

    /**
     * @param  exchange  the exchange entering the stable endpoint
     * @param  arguments the Java API's arguments, or null
     * @return           the key, or null to neither read nor write the cache for this exchange
     */
    Object keyOf(Exchange exchange, Object arguments);
}
