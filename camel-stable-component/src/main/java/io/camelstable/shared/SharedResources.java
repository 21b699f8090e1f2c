package io.camelstable.shared;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.camelstable.breaker.CircuitBreakerConfig;
import io.camelstable.buffer.BufferConfig;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.cache.StableCache;
import io.camelstable.engine.StableEngine;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.limit.StableRateLimiter;
import io.camelstable.policy.InvalidOptionException;

/**
 * The one place shared resources live, by name: routes (and Java code) that name the same breaker get
 * the same object. A name is bound to one configuration: asking for it again with a different one is a
 * configuration error, not a silent "first config wins" (the seed's cache defect, SPEC §4.2 #3).
 */
public final class SharedResources {

    private final Map<String, StableCircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, StableRateLimiter> rateLimiters = new ConcurrentHashMap<>();
    private final Map<String, StableCache> caches = new ConcurrentHashMap<>();
    private final Map<String, StableConcurrencyLimiter> concurrencyLimiters = new ConcurrentHashMap<>();
    private final Map<String, StableBuffer> buffers = new ConcurrentHashMap<>();
    private final List<Consumer<Object>> callbacks = new CopyOnWriteArrayList<>();
    private final LongSupplier nanoClock;

    /** @param nanoClock monotonic nanoseconds for every resource created here */
    public SharedResources(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Uses the system clock. */
    public SharedResources() {
        this(System::nanoTime);
    }

    /**
     * @param  name                   the breaker's name
     * @param  config                 its configuration, or null to accept whatever the existing breaker has
     *                                (the defaults when it is new)
     * @return                        the breaker of that name
     * @throws InvalidOptionException when a breaker of that name exists with another configuration
     */
    public StableCircuitBreaker breaker(String name, CircuitBreakerConfig config) {
        return configured(breakers, name, config, "circuitBreaker", "breaker", StableCircuitBreaker::getConfig,
                n -> new StableCircuitBreaker(n, config == null ? CircuitBreakerConfig.DEFAULT : config, nanoClock));
    }

    /**
     * The resource of that name, created when new; a name has one configuration.
     *
     * @param  config                 the configuration asked for, or null to accept the existing one
     * @param  option                 the option naming the resource, for the error
     * @param  kind                   what the resource is, for the error
     * @param  configOf               reads a resource's configuration
     * @param  create                 makes the resource when the name is new
     * @throws InvalidOptionException when the resource exists with another configuration
     */
    private <R, C> R configured(Map<String, R> resources, String name, C config, String option, String kind,
            Function<R, C> configOf, Function<String, R> create) {
        R resource = resources.computeIfAbsent(name, n -> created(create.apply(n)));
        if (config != null && !Objects.equals(configOf.apply(resource), config)) {
            throw new InvalidOptionException(option, name, "one configuration per " + kind + " name; '" + name
                                                           + "' already has " + configOf.apply(resource));
        }
        return resource;
    }

    /**
     * Registers a breaker built elsewhere (a bean), so it is listed and shared under its name.
     *
     * @param  breaker the breaker
     * @return         the breaker registered under its name (this one, unless the name was taken)
     */
    public StableCircuitBreaker register(StableCircuitBreaker breaker) {
        StableCircuitBreaker existing = breakers.putIfAbsent(breaker.getName(), breaker);
        if (existing == null) {
            created(breaker);
            return breaker;
        }
        return existing;
    }

    /**
     * @param  name        the limiter's name
     * @param  maxRequests starts per window, or 0 to accept whatever the existing limiter has
     * @param  windowMs    the window in milliseconds
     * @param  queueSize   callers that may wait
     * @param  engine      whose scheduler and executor the limiter uses
     * @return             the limiter of that name
     */
    public StableRateLimiter rateLimiter(String name, int maxRequests, long windowMs, int queueSize, StableEngine engine) {
        StableRateLimiter limiter = rateLimiters.computeIfAbsent(name, n -> {
            if (maxRequests <= 0) {
                throw new InvalidOptionException("rateLimitMaxRequests", maxRequests,
                        "a whole number ≥ 1 for the new rate limiter '" + n + "'");
            }
            return created(new StableRateLimiter(n, maxRequests, windowMs, queueSize, engine.scheduler(), engine.worker(),
                    nanoClock));
        });
        if (maxRequests > 0 && (limiter.getMaxRequests() != maxRequests || limiter.getWindowMs() != windowMs
                || limiter.getQueueSize() != queueSize)) {
            throw new InvalidOptionException("rateLimiter", name, "one configuration per limiter name; '" + name
                    + "' already allows " + limiter.getMaxRequests() + " per " + limiter.getWindowMs() + " ms");
        }
        return limiter;
    }

    /**
     * @param  name      the limiter's name
     * @param  limit     calls in flight, or 0 to accept whatever the existing limiter has
     * @param  queueSize callers that may wait
     * @param  engine    whose executor the limiter uses
     * @return           the limiter of that name
     */
    public StableConcurrencyLimiter concurrencyLimiter(String name, int limit, int queueSize, StableEngine engine) {
        StableConcurrencyLimiter limiter = concurrencyLimiters.computeIfAbsent(name, n -> {
            if (limit <= 0) {
                throw new InvalidOptionException("maxConcurrentRequests", limit,
                        "a whole number ≥ 1 for the new concurrency limiter '" + n + "'");
            }
            return created(new StableConcurrencyLimiter(n, limit, queueSize, engine.worker()));
        });
        if (limit > 0 && (limiter.getLimit() != limit || limiter.getQueueSize() != queueSize)) {
            throw new InvalidOptionException("concurrencyLimiter", name, "one configuration per limiter name; '" + name
                    + "' already allows " + limiter.getLimit() + " in flight");
        }
        return limiter;
    }

    /**
     * @param  name    the cache's name
     * @param  maxSize entries kept
     * @param  ttl     default time to live in milliseconds
     * @return         the cache of that name
     */
    public StableCache cache(String name, long maxSize, long ttl) {
        StableCache cache = caches.computeIfAbsent(name, n -> created(new StableCache(n, maxSize, ttl, nanoClock::getAsLong)));
        if (cache.getMaxSize() != maxSize || cache.getDefaultTtlMillis() != ttl) {
            throw new InvalidOptionException("cache", name, "one configuration per cache name; '" + name + "' already keeps "
                    + cache.getMaxSize() + " entries for " + cache.getDefaultTtlMillis() + " ms");
        }
        return cache;
    }

    /**
     * @param  name                   the buffer's name
     * @param  config                 its configuration, or null to accept whatever the existing buffer has (an
     *                                empty buffer when it is new)
     * @param  engine                 whose executor runs its transactions and whose scheduler times them out
     * @return                        the buffer of that name
     * @throws InvalidOptionException when a buffer of that name exists with another configuration
     */
    public StableBuffer buffer(String name, BufferConfig config, StableEngine engine) {
        return configured(buffers, name, config, "buffer", "buffer", StableBuffer::getConfig, n -> new StableBuffer(n,
                config == null ? BufferConfig.DEFAULT : config, engine.worker(), engine.scheduler()));
    }

    /**
     * Registers a buffer built elsewhere (a bean), so it is listed and shared under its name.
     *
     * @param  buffer                 the buffer
     * @return                        the buffer
     * @throws InvalidOptionException when another buffer has that name
     */
    public StableBuffer register(StableBuffer buffer) {
        StableBuffer existing = buffers.putIfAbsent(buffer.getName(), buffer);
        if (existing == null) {
            return created(buffer);
        }
        if (existing != buffer) {
            throw new InvalidOptionException("buffer", buffer.getName(),
                    "one buffer per name; another buffer named '" + buffer.getName() + "' is already in use");
        }
        return existing;
    }

    /** @return every buffer */
    public Collection<StableBuffer> buffers() {
        return buffers.values();
    }

    /** @return every cache */
    public Collection<StableCache> caches() {
        return caches.values();
    }

    /** @return every rate limiter */
    public Collection<StableRateLimiter> rateLimiters() {
        return rateLimiters.values();
    }

    /** @return every concurrency limiter */
    public Collection<StableConcurrencyLimiter> concurrencyLimiters() {
        return concurrencyLimiters.values();
    }

    /** @return every breaker, for health checks, consoles and metrics */
    public Collection<StableCircuitBreaker> breakers() {
        return breakers.values();
    }

    /**
     * @param callback told of every resource (breaker, cache, limiter, buffer) created from now on, and of those
     *                 already here: how metrics and consoles attach
     */
    public void onResource(Consumer<Object> callback) {
        callbacks.add(callback);
        breakers.values().forEach(callback);
        caches.values().forEach(callback);
        rateLimiters.values().forEach(callback);
        concurrencyLimiters.values().forEach(callback);
        buffers.values().forEach(callback);
    }

    private <T> T created(T resource) {
        callbacks.forEach(c -> c.accept(resource));
        return resource;
    }
}
