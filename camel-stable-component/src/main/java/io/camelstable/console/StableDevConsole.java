package io.camelstable.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelstable.breaker.CircuitBreakerMetrics;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.buffer.BufferMetrics;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.cache.CacheMetrics;
import io.camelstable.cache.StableCache;
import io.camelstable.component.StableComponent;
import io.camelstable.limit.LimiterMetrics;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.limit.StableRateLimiter;
import io.camelstable.shared.SharedResources;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;

/** The {@code stable} dev console: every shared breaker, cache, limiter and buffer with its state. */
@DevConsole(name = "stable", displayName = "Stable",
            description = "Shared breakers, caches, limiters and buffers of camel-stable")
public class StableDevConsole extends AbstractDevConsole {

    /** Creates the console. */
    public StableDevConsole() {
        super("camel", "stable", "Stable", "Shared breakers, caches, limiters and buffers of camel-stable");
    }

    private SharedResources resources() {
        if (getCamelContext() == null || !getCamelContext().getComponentNames().contains("stable")) {
            return null;
        }
        return getCamelContext().getComponent("stable", StableComponent.class).getSharedResources();
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        SharedResources r = resources();
        if (r == null) {
            return "No stable endpoints";
        }
        StringBuilder sb = new StringBuilder();
        for (StableCircuitBreaker b : r.breakers()) {
            CircuitBreakerMetrics m = b.getMetrics();
            sb.append(String.format("Breaker %s: %s (failure rate %.1f%%, %d calls in window, %d refused)%n", m.name(),
                    m.state(), m.failureRate(), m.bufferedCalls(), m.notPermittedCalls()));
        }
        for (StableCache c : r.caches()) {
            CacheMetrics m = c.getMetrics();
            sb.append(String.format("Cache %s: %d/%d entries, %d hits, %d misses (%.1f%%)%n", m.name(), m.size(), m.maxSize(),
                    m.hits(), m.misses(), m.hitRate()));
        }
        for (StableRateLimiter l : r.rateLimiters()) {
            sb.append(limiterLine("Rate limiter", l.getMetrics()));
        }
        for (StableConcurrencyLimiter l : r.concurrencyLimiters()) {
            sb.append(limiterLine("Concurrency limiter", l.getMetrics()));
        }
        for (StableBuffer b : r.buffers()) {
            BufferMetrics m = b.getMetrics();
            sb.append(String.format("Buffer %s: sequence %d, %d committed, %d failed, %d timed out, %d waiting now%n",
                    m.name(), b.snapshot().sequence(), m.committed(), m.failed(), m.timedOut(), m.queueLength()));
        }
        return sb.isEmpty() ? "No shared resources" : sb.toString();
    }

    private static String limiterLine(String kind, LimiterMetrics m) {
        return String.format("%s %s: %d granted, %d waited, %d rejected, %d waiting now%n", kind, m.name(), m.granted(),
                m.waited(), m.rejected(), m.queueLength());
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        Map<String, Object> root = new LinkedHashMap<>();
        SharedResources r = resources();
        if (r == null) {
            return root;
        }
        List<Map<String, Object>> breakers = new ArrayList<>();
        r.breakers().forEach(b -> {
            CircuitBreakerMetrics m = b.getMetrics();
            breakers.add(Map.of("name", m.name(), "state", m.state().name(), "failureRate", m.failureRate(),
                    "bufferedCalls", m.bufferedCalls(), "notPermittedCalls", m.notPermittedCalls(),
                    "timeUntilRecoveryMs", m.timeUntilRecoveryMs()));
        });
        List<Map<String, Object>> caches = new ArrayList<>();
        r.caches().forEach(c -> {
            CacheMetrics m = c.getMetrics();
            caches.add(Map.of("name", m.name(), "size", m.size(), "maxSize", m.maxSize(), "hits", m.hits(),
                    "misses", m.misses(), "evictions", m.evictions()));
        });
        List<Map<String, Object>> limiters = new ArrayList<>();
        r.rateLimiters().forEach(l -> limiters.add(limiterJson("rate", l.getMetrics())));
        r.concurrencyLimiters().forEach(l -> limiters.add(limiterJson("concurrency", l.getMetrics())));
        root.put("breakers", breakers);
        root.put("caches", caches);
        root.put("limiters", limiters);
        List<Map<String, Object>> buffers = new ArrayList<>();
        r.buffers().forEach(b -> {
            BufferMetrics m = b.getMetrics();
            buffers.add(Map.of("name", m.name(), "sequence", b.snapshot().sequence(), "committed", m.committed(),
                    "failed", m.failed(), "timedOut", m.timedOut(), "queueLength", m.queueLength(),
                    "averageQueueWaitMs", m.averageQueueWaitMs(), "averageDurationMs", m.averageDurationMs()));
        });
        root.put("buffers", buffers);
        return root;
    }

    private static Map<String, Object> limiterJson(String kind, LimiterMetrics m) {
        return Map.of("name", m.name(), "kind", kind, "granted", m.granted(), "waited", m.waited(),
                "rejected", m.rejected(), "queueLength", m.queueLength());
    }
}
