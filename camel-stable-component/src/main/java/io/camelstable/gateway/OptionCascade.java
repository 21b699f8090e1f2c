package io.camelstable.gateway;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One item's options, laid level over level: gateway, then group, then item; per key, the most specific level
 * that sets it wins, and a key a level does not set (or sets to null) is inherited.
 * <p>
 * Breakers, rate limiters and concurrency limiters are shared resources, configured as a whole by one level: a
 * level that sets any of a resource's settings without naming it gets one shared by the items of that level
 * (named after the gateway, group or item), and a level that names or creates a resource does not inherit the
 * settings the levels above gave theirs.
 */
final class OptionCascade {

    /** The option naming each resource, and the options configuring it. */
    private static final Map<String, Set<String>> RESOURCES = Map.of(
            "circuitBreaker", Set.of("failureThresholdPercentage", "minimumRequests", "recoveryTimeoutMs",
                    "halfOpenMaxRequests", "successThresholdPercentage", "trackIndividualAttempts", "slidingWindowType",
                    "slidingWindowSize", "slowCallDurationThreshold", "slowCallRateThreshold"),
            "rateLimiter", Set.of("rateLimitMaxRequests", "rateLimitWindow", "rateLimitQueueSize"),
            "concurrencyLimiter", Set.of("maxConcurrentRequests", "concurrencyQueueSize"));

    private final Map<String, Object> merged = new LinkedHashMap<>();
    private final Map<String, String> origins = new HashMap<>();

    /**
     * Lays one level over those before it.
     *
     * @param  level      the level, for messages ("group 'inventory' of gateway 'checkout'")
     * @param  sharedName the name of a resource this level configures without naming it
     * @param  options    the level's options
     * @return            this
     */
    OptionCascade over(String level, String sharedName, Map<String, Object> options) {
        Map<String, Object> own = new LinkedHashMap<>(options);
        RESOURCES.forEach((nameOption, settings) -> {
            boolean configures = settings.stream().anyMatch(own::containsKey);
            if (configures && !own.containsKey(nameOption)) {
                own.put(nameOption, sharedName);
            }
            if (own.containsKey(nameOption)) {
                settings.forEach(merged::remove);
            }
        });
        own.forEach((k, v) -> {
            merged.put(k, v);
            origins.put(k, level);
        });
        return this;
    }

    /** @return the merged options, a new map */
    Map<String, Object> options() {
        return new LinkedHashMap<>(merged);
    }

    /** @return the level that set an option, or null */
    String originOf(String option) {
        return origins.get(option);
    }
}
