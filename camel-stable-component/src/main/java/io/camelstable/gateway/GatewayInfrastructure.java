package io.camelstable.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /**
     * Finds the resources once (a gateway's items keep their options); the supplier reads their metrics as they
     * stand when called.
     *
     * @return the metrics of the resources these items' options name
     */
    static Supplier<GatewayInfrastructure> of(Collection<ExecutionOptions> items) {
        List<Supplier<CircuitBreakerMetrics>> breakers = distinct(items, ExecutionOptions::circuitBreaker, b -> b::getMetrics);
        List<Supplier<LimiterMetrics>> rates = distinct(items, ExecutionOptions::rateLimiter, l -> l::getMetrics);
        List<Supplier<LimiterMetrics>> concurrency = distinct(items, ExecutionOptions::concurrencyLimiter, l -> l::getMetrics);
        List<Supplier<CacheMetrics>> caches = distinct(items, ExecutionOptions::cache, c -> c::getMetrics);
        return () -> new GatewayInfrastructure(read(breakers), read(rates), read(concurrency), read(caches));
    }

    private static <R, M> List<Supplier<M>> distinct(Collection<ExecutionOptions> items, Function<ExecutionOptions, R> resource,
            Function<R, Supplier<M>> metrics) {
        Map<R, Boolean> seen = new IdentityHashMap<>();
        List<Supplier<M>> out = new ArrayList<>();
        for (ExecutionOptions options : items) {
            R r = resource.apply(options);
            if (r != null && seen.put(r, Boolean.TRUE) == null) {
                out.add(metrics.apply(r));
            }
        }
        return out;
    }

    private static <M> List<M> read(List<Supplier<M>> metrics) {
        return metrics.stream().map(Supplier::get).toList();
    }
}
