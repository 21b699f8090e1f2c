package io.camelstable.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.camelstable.breaker.CircuitBreakerMetrics;
import io.camelstable.cache.CacheMetrics;
import io.camelstable.engine.ExecutionOptions;
import io.camelstable.limit.LimiterMetrics;

/**
 * The shared resources a gateway's items used, as they stood when the run ended: each once, however many items
 * share it.
 *
 * @param circuitBreakers     the breakers
 * @param rateLimiters        the rate limiters
 * @param concurrencyLimiters the concurrency limiters
 * @param caches              the caches
 */
public record GatewayInfrastructure(List<CircuitBreakerMetrics> circuitBreakers, List<LimiterMetrics> rateLimiters,
        List<LimiterMetrics> concurrencyLimiters, List<CacheMetrics> caches) {

    /** Copies the lists. */
    public GatewayInfrastructure {
        circuitBreakers = List.copyOf(circuitBreakers);
        rateLimiters = List.copyOf(rateLimiters);
        concurrencyLimiters = List.copyOf(concurrencyLimiters);
        caches = List.copyOf(caches);
    }

    /** @return the metrics of the resources these items' options name */
    static GatewayInfrastructure of(Collection<ExecutionOptions> items) {
        return new GatewayInfrastructure(distinct(items, ExecutionOptions::circuitBreaker, b -> b.getMetrics()),
                distinct(items, ExecutionOptions::rateLimiter, l -> l.getMetrics()),
                distinct(items, ExecutionOptions::concurrencyLimiter, l -> l.getMetrics()),
                distinct(items, ExecutionOptions::cache, c -> c.getMetrics()));
    }

    private static <R, M> List<M> distinct(Collection<ExecutionOptions> items, Function<ExecutionOptions, R> resource,
            Function<R, M> metrics) {
        Map<R, Boolean> seen = new IdentityHashMap<>();
        List<M> out = new ArrayList<>();
        for (ExecutionOptions options : items) {
            R r = resource.apply(options);
            if (r != null && seen.put(r, Boolean.TRUE) == null) {
                out.add(metrics.apply(r));
            }
        }
        return out;
    }
}
