package io.camelstable.component;

import java.util.Locale;
import java.util.Map;

import io.camelstable.breaker.CircuitBreakerConfig;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.policy.RetryStrategy;
import org.apache.camel.util.TimeUtils;

/**
 * Checks option values as written in the URI, before Camel converts them: Camel's conversion turns
 * {@code attempts=abc} into 0 and an unknown enum into a message without the allowed values, and the
 * user should see the value they wrote and what is allowed instead.
 */
public final class RawOptionCheck {

    private static final String WHOLE = "a whole number";
    private static final String DECIMAL = "a decimal number";
    private static final String DURATION = "milliseconds or a duration such as 500ms, 2s or 1m";
    private static final String BOOLEAN = "true or false";
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("attempts", WHOLE), Map.entry("maxSerializableChars", WHOLE),
            Map.entry("jitter", DECIMAL), Map.entry("reqFailureProbability", DECIMAL),
            Map.entry("retryFailureProbability", DECIMAL),
            Map.entry("wait", DURATION), Map.entry("maxAllowedWait", DURATION), Map.entry("attemptTimeout", DURATION),
            Map.entry("performAllAttempts", BOOLEAN), Map.entry("throwOnFailure", BOOLEAN),
            Map.entry("logAllErrors", BOOLEAN), Map.entry("logAllSuccessfulAttempts", BOOLEAN),
            Map.entry("applyPreExecutionConfigOverride", BOOLEAN),
            Map.entry("continueOnPreExecutionHookFailure", BOOLEAN), Map.entry("trialMode", BOOLEAN),
            Map.entry("failureThresholdPercentage", DECIMAL), Map.entry("minimumRequests", WHOLE),
            Map.entry("recoveryTimeoutMs", DURATION), Map.entry("halfOpenMaxRequests", WHOLE),
            Map.entry("successThresholdPercentage", DECIMAL), Map.entry("trackIndividualAttempts", BOOLEAN),
            Map.entry("slidingWindowSize", WHOLE), Map.entry("slowCallDurationThreshold", DURATION),
            Map.entry("slowCallRateThreshold", DECIMAL), Map.entry("rateLimitMaxRequests", WHOLE),
            Map.entry("rateLimitWindow", DURATION), Map.entry("rateLimitQueueSize", WHOLE),
            Map.entry("maxConcurrentRequests", WHOLE), Map.entry("concurrencyQueueSize", WHOLE),
            Map.entry("cacheEnabled", BOOLEAN), Map.entry("cacheTtl", DURATION), Map.entry("cacheMaxSize", WHOLE),
            Map.entry("cacheKeyByAuthorization", BOOLEAN), Map.entry("skipUnknownTransactions", BOOLEAN),
            Map.entry("concurrentExecution", BOOLEAN), Map.entry("stopOnFirstError", BOOLEAN),
            Map.entry("enableRacing", BOOLEAN), Map.entry("maxTimeout", DURATION));

    private RawOptionCheck() {
    }

    /**
     * Validates the raw values and normalises enum options to the enum's name: for URIs, and for the option maps
     * of gateway definitions, which go through the same checks.
     *
     * @param  parameters             option names to values as written (strings are checked, other values are not)
     * @throws InvalidOptionException naming the first bad option, its value and what is allowed
     */
    public static void check(Map<String, Object> parameters) {
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            Object raw = parameters.get(kind.getKey());
            if (raw instanceof String value && !value.startsWith("#") && !parses(kind.getValue(), value.trim())) {
                throw new InvalidOptionException(kind.getKey(), value, kind.getValue());
            }
        }
        normalise(parameters, "resultOnExchange", ResultOnExchange.class);
        normalise(parameters, "slidingWindowType", CircuitBreakerConfig.SlidingWindowType.class);
        normalise(parameters, "retryStrategy", RetryStrategy.class);
    }

    /** Accepts an enum option in any case (the seed writes "exponential"), naming the allowed values otherwise. */
    private static <E extends Enum<E>> void normalise(Map<String, Object> parameters, String option, Class<E> type) {
        if (parameters.get(option) instanceof String value) {
            try {
                parameters.put(option, Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)).name());
            } catch (IllegalArgumentException e) {
                E[] names = type.getEnumConstants();
                StringBuilder allowed = new StringBuilder(names[0].name());
                for (int i = 1; i < names.length; i++) {
                    allowed.append(i == names.length - 1 ? " or " : ", ").append(names[i].name());
                }
                throw new InvalidOptionException(option, value, allowed + " (any case)");
            }
        }
    }

    private static boolean parses(String kind, String value) {
        try {
            switch (kind) {
                case WHOLE -> Integer.parseInt(value);
                case DECIMAL -> Double.parseDouble(value);
                case DURATION -> TimeUtils.toMilliSeconds(value);
                default -> {
                    return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
