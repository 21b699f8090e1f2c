package io.camelstable.engine;

import java.util.Map;

import io.camelstable.breaker.CircuitBreakerMetrics;
import io.camelstable.cache.CacheMetrics;
import io.camelstable.limit.LimiterMetrics;

/** The shared resources' metrics under the names guardrails use ({@code circuitBreaker.failureRate} ...). */
final class InfrastructureValues {

    private InfrastructureValues() {
    }

    static void addTo(Map<String, Double> values, ExecutionOptions options) {
        if (options.circuitBreaker() != null) {
            CircuitBreakerMetrics b = options.circuitBreaker().getMetrics();
            values.put("circuitBreaker.failureRate", b.failureRate());
            values.put("circuitBreaker.slowCallRate", b.slowCallRate());
            values.put("circuitBreaker.notPermittedCalls", (double) b.notPermittedCalls());
        }
        if (options.cache() != null) {
            CacheMetrics c = options.cache().getMetrics();
            values.put("cache.hitRate", c.hitRate());
            values.put("cache.missRate", c.hits() + c.misses() == 0 ? 0 : 100 - c.hitRate());
            values.put("cache.utilizationPercentage", c.size() * 100.0 / c.maxSize());
        }
        if (options.rateLimiter() != null) {
            LimiterMetrics r = options.rateLimiter().getMetrics();
            values.put("rateLimiter.queueLength", (double) r.queueLength());
            values.put("rateLimiter.rejections", (double) r.rejected());
        }
        if (options.concurrencyLimiter() != null) {
            LimiterMetrics c = options.concurrencyLimiter().getMetrics();
            values.put("concurrencyLimiter.queueLength", (double) c.queueLength());
            values.put("concurrencyLimiter.rejections", (double) c.rejected());
            values.put("concurrencyLimiter.utilizationPercentage",
                    options.concurrencyLimiter().getRunning() * 100.0 / options.concurrencyLimiter().getLimit());
        }
    }
}
