package io.camelstable.component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelstable.breaker.CircuitBreakerConfig;
import io.camelstable.breaker.CircuitBreakerDefinition;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.cache.CacheKeyGenerator;
import io.camelstable.cache.StableCache;
import io.camelstable.engine.ExecutionOptions;
import io.camelstable.guardrail.MetricGuardrail;
import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.engine.StableEngine;
import io.camelstable.hook.AttemptErrorHandler;
import io.camelstable.hook.FinalErrorAnalyzer;
import io.camelstable.hook.PreExecutionHook;
import io.camelstable.hook.ResponseAnalyzer;
import io.camelstable.hook.SuccessfulAttemptHandler;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.limit.StableRateLimiter;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.policy.RetryClassifier;
import io.camelstable.policy.RetryStrategy;
import io.camelstable.shared.SharedResources;
import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Every option of a stable endpoint. The component holds one as defaults (settable as
 * {@code camel.component.stable.<option>}); each endpoint works on its own copy. Names are the seed
 * library's, in camelCase; none collides with a common delegate option.
 */
@UriParams
public class StableConfiguration implements Cloneable {

    @UriParam(label = "retry", defaultValue = "1", description = "Total attempts, the first included (1 to 10000).")
    private int attempts = 1;
    @UriParam(label = "retry", defaultValue = "1000", javaType = "java.time.Duration",
              description = "Base delay between attempts, in milliseconds or as a duration such as 500ms or 2s.")
    private long wait = 1000;
    @UriParam(label = "retry", defaultValue = "60000", javaType = "java.time.Duration",
              description = "Cap on any single delay between attempts. A Retry-After longer than this ends the retries.")
    private long maxAllowedWait = 60_000;
    @UriParam(label = "retry", defaultValue = "FIXED", enums = "FIXED,LINEAR,EXPONENTIAL,DECORRELATED_JITTER",
              description = "How the delay grows: FIXED (wait), LINEAR (attempt x wait), EXPONENTIAL (wait x 2^(attempt-1)),"
                            + " DECORRELATED_JITTER (random between wait and 3 x the previous delay).")
    private RetryStrategy retryStrategy = RetryStrategy.FIXED;
    @UriParam(label = "retry", defaultValue = "0",
              description = "Random spread of each delay, a fraction from 0 to 1: 0.3 multiplies each delay by a random factor from 0.7 to 1.3.")
    private double jitter;
    @UriParam(label = "retry", defaultValue = "false",
              description = "Run every attempt even after a success; the data is the last successful attempt's."
                            + " A non-retryable failure still ends the execution.")
    private boolean performAllAttempts;
    @UriParam(label = "retry", defaultValue = "0", javaType = "java.time.Duration",
              description = "Per-attempt timeout; 0 means none. A timed-out attempt is cancelled (functions are interrupted,"
                            + " HTTP calls aborted by the client's response timeout) and counts as a retryable failure.")
    private long attemptTimeout;
    @UriParam(label = "retry",
              description = "Comma-separated exception class names: when set, only failures of these types (anywhere in the"
                            + " cause chain) are retried. HTTP status failures follow the status rules instead.")
    private String retryOn;
    @UriParam(label = "retry",
              description = "Comma-separated exception class names that are never retried (wins over retryOn).")
    private String abortOn;
    @UriParam(label = "retry",
              description = "Extra HTTP status codes to retry, comma-separated (for example 409). Status 500 and above, 408 and"
                            + " 429 are always retried; other 4xx are not unless listed here.")
    private String retryableStatusCodes;
    @UriParam(label = "hooks", description = "Validates each successful response; false or a throw makes the attempt fail"
                                             + " and be retried. A rejected response is never reported as success.")
    private ResponseAnalyzer responseAnalyzer;
    @UriParam(label = "hooks", description = "Looks at the final failure; returning true suppresses it (the exchange continues"
                                             + " with the result as body and CamelStableSuccess=false).")
    private FinalErrorAnalyzer finalErrorAnalyzer;
    @UriParam(defaultValue = "true",
              description = "Fail the exchange with StableExecutionException when the execution fails. When false the"
                            + " exchange continues with the StableResult as body.")
    private boolean throwOnFailure = true;
    @UriParam(defaultValue = "HEADERS_AND_PROPERTY", enums = "HEADERS_AND_PROPERTY,HEADERS,PROPERTY,NONE",
              description = "What is written onto the exchange besides the body: the CamelStable* headers and the"
                            + " CamelStableResult property (default), one of them, or neither (saves about 380 B per exchange"
                            + " on hot routes). A raised StableExecutionException always carries the full result.")
    private ResultOnExchange resultOnExchange = ResultOnExchange.HEADERS_AND_PROPERTY;
    @UriParam(label = "hooks", defaultValue = "false",
              description = "Keep a log entry per failed attempt in the result and call handleErrors for each.")
    private boolean logAllErrors;
    @UriParam(label = "hooks", description = "Called for each failed attempt when logAllErrors is on (default: a WARN log line).")
    private AttemptErrorHandler handleErrors;
    @UriParam(label = "hooks", defaultValue = "false",
              description = "Keep a log entry per successful attempt in the result and call handleSuccessfulAttemptData for each.")
    private boolean logAllSuccessfulAttempts;
    @UriParam(label = "hooks",
              description = "Called for each successful attempt when logAllSuccessfulAttempts is on (default: an INFO log line).")
    private SuccessfulAttemptHandler handleSuccessfulAttemptData;
    @UriParam(label = "hooks", description = "Runs before the first attempt; may return options for this execution only.")
    private PreExecutionHook preExecutionHook;
    @UriParam(label = "hooks", defaultValue = "false",
              description = "Apply the options returned by the pre-execution hook to this execution.")
    private boolean applyPreExecutionConfigOverride;
    @UriParam(label = "hooks", defaultValue = "false",
              description = "Go on without the override when the pre-execution hook throws (else the execution fails).")
    private boolean continueOnPreExecutionHookFailure;
    @UriParam(label = "trial", defaultValue = "false",
              description = "Simulate attempts instead of calling the delegate, failing them at random.")
    private boolean trialMode;
    @UriParam(label = "trial", defaultValue = "0", description = "In trial mode, the probability (0 to 1) that an attempt fails.")
    private double reqFailureProbability;
    @UriParam(label = "trial", defaultValue = "0",
              description = "In trial mode, the probability (0 to 1) that a simulated failure is not retryable.")
    private double retryFailureProbability;
    @UriParam(label = "advanced", javaType = "java.lang.Object",
              description = "What every hook of this endpoint shares: a Map or StableBuffer bean (#name), or the name of a"
                            + " shared StableBuffer. Hooks read a buffer's latest committed state without queuing and write"
                            + " through StableBuffer.of(context.commonBuffer()).transaction(...).")
    private Object commonBuffer;
    @UriParam(label = "advanced", prefix = "context.", multiValue = true,
              description = "Execution ids handed to hooks and results, as context.workflowId=..., context.requestId=...")
    private Map<String, Object> executionContext;
    @UriParam(label = "security",
              description = "Comma-separated header names masked in attempt logs, besides Authorization, Cookie and"
                            + " Proxy-Authorization, which are always masked.")
    private String redactHeaders;
    @UriParam(label = "advanced", defaultValue = "1000",
              description = "How many characters of data or error text a log entry keeps.")
    private int maxSerializableChars = 1000;
    @UriParam(label = "function", description = "For stable:function: the public method of the bean to call.")
    private String method;
    @UriParam(label = "buffer", enums = "transaction,read,snapshot,replay,restore",
              description = "For stable:buffer, what to do: transaction runs the transaction option (queued behind earlier"
                            + " ones without holding the route's thread) and sets its return value as the body; read sets"
                            + " the committed state as an immutable map; snapshot sets a BufferSnapshot (state, sequence"
                            + " number, commit time); replay re-runs the named transactions of a log; restore applies a"
                            + " log's recorded changes.")
    private String operation;
    @UriParam(label = "buffer",
              description = "For operation=transaction: a #bean (a BufferTransaction, given the state and the exchange, or"
                            + " a NamedTransaction, given the parameters), or the name of a transaction registered with the"
                            + " buffer. Parameters are the CamelStableBufferParameters header, else the body when it is a"
                            + " map, else the body as the parameter body.")
    private String transaction;
    @UriParam(label = "buffer",
              description = "For operation=replay or restore: the JSON Lines transaction log file to read; without it the"
                            + " body is the log (a list of TransactionLogEntry, or JSON Lines text).")
    private String replayFile;
    @UriParam(label = "buffer", defaultValue = "false",
              description = "For operation=replay: skip log entries that name no registered transaction instead of failing"
                            + " the whole replay.")
    private boolean skipUnknownTransactions;
    @UriParam(label = "gateway",
              description = "For stable:gateway: where the definition is when it is not a registry bean named like the"
                            + " gateway: a YAML file, as classpath:gateways/checkout.yaml or file:/etc/gateways/checkout.yaml.")
    private String definition;
    @UriParam(label = "gateway", javaType = "java.lang.Boolean",
              description = "For stable:gateway: run the items at the same time (true) or one after another in declaration"
                            + " order (false), overriding the definition (which defaults to true).")
    private Boolean concurrentExecution;
    @UriParam(label = "gateway", javaType = "java.lang.Boolean",
              description = "For stable:gateway: stop at the first failed item, cancelling the items running (CANCELLED) and"
                            + " reporting the others NOT_STARTED, overriding the definition (which defaults to false).")
    private Boolean stopOnFirstError;
    @UriParam(label = "gateway", javaType = "java.lang.Boolean",
              description = "For stable:gateway: the first item to succeed wins and the others are cancelled; a failure never"
                            + " wins. Overrides the definition (which defaults to false).")
    private Boolean enableRacing;
    @UriParam(label = "gateway", defaultValue = "0", javaType = "java.time.Duration",
              description = "For stable:gateway: the limit of a whole run; on expiry the items running are cancelled, the"
                            + " others reported NOT_STARTED, and the result says it timed out. 0 keeps the definition's.")
    private long maxTimeout;
    @UriParam(label = "gateway",
              javaType = "java.lang.Object",
              description = "For stable:gateway: the commonBuffer of every item that sets none itself (replacing the"
                            + " definition's): a Map or StableBuffer bean (#name), or the name of a shared StableBuffer.")
    private Object sharedBuffer;
    @UriParam(label = "guardrails",
              description = "Guardrails as a #bean (MetricsGuardrails). Violations go into the result's validation, a"
                            + " Camel event and the camel.stable.guardrail.violations counter.")
    private MetricsGuardrails metricsGuardrails;
    @UriParam(label = "guardrails", prefix = "guardrail.", multiValue = true,
              description = "Guardrails as options: guardrail.<metric>.<min|max|expected|tolerance>=<number>, for example"
                            + " guardrail.totalAttempts.max=2 or guardrail.circuitBreaker.failureRate.max=20.")
    private Map<String, Object> guardrail;
    @UriParam(label = "guardrails", defaultValue = "false",
              description = "Fail an otherwise successful execution whose metrics broke a guardrail.")
    private boolean enforceGuardrails;
    @UriParam(label = "cache", defaultValue = "false",
              description = "Cache successful results: HTTP GET/HEAD responses of http(s) delegates, or function results by"
                            + " argument. Only a result the response analyzer accepted is stored.")
    private boolean cacheEnabled;
    @UriParam(label = "cache",
              description = "A cache shared by name (implies cacheEnabled); without it each endpoint has its own.")
    private String cache;
    @UriParam(label = "cache", defaultValue = "300000", javaType = "java.time.Duration",
              description = "Time to live of an entry when the response's Cache-Control or Expires does not say.")
    private long cacheTtl = 300_000;
    @UriParam(label = "cache", defaultValue = "1000", description = "Entries kept (W-TinyLFU eviction beyond).")
    private long cacheMaxSize = 1000;
    @UriParam(label = "cache",
              description = "Replaces the default key: a #bean implementing CacheKeyGenerator, or a simple expression such"
                            + " as ${header.customerId}.")
    private String cacheKey;
    @UriParam(label = "cache", defaultValue = "200,203,204,206,300,301,404,405,410,414,501",
              description = "HTTP statuses whose successful responses may be stored.")
    private String cacheableStatusCodes = "200,203,204,206,300,301,404,405,410,414,501";
    @UriParam(label = "cache", defaultValue = "GET,HEAD", description = "HTTP methods whose responses may be cached.")
    private String cacheMethods = "GET,HEAD";
    @UriParam(label = "cache", defaultValue = "true",
              description = "Make the Authorization header's value part of the HTTP cache key, so users never share entries.")
    private boolean cacheKeyByAuthorization = true;
    @UriParam(label = "limits",
              description = "A rate limiter shared by name: every endpoint naming it draws on one budget (one limit for one"
                            + " downstream API). Created by the first endpoint that gives rateLimitMaxRequests.")
    private String rateLimiter;
    @UriParam(label = "limits", defaultValue = "0",
              description = "At most this many calls start within any window of rateLimitWindow (a sliding window); 0 means"
                            + " no rate limit. Waiting callers hold no thread.")
    private int rateLimitMaxRequests;
    @UriParam(label = "limits", defaultValue = "1000", javaType = "java.time.Duration",
              description = "The rate limiter's window.")
    private long rateLimitWindow = 1000;
    @UriParam(label = "limits", defaultValue = "10000",
              description = "Callers that may wait for the rate limiter; when full, calls fail with LimitExceededException.")
    private int rateLimitQueueSize = 10_000;
    @UriParam(label = "limits",
              description = "A concurrency limiter shared by name: every endpoint naming it shares its permits.")
    private String concurrencyLimiter;
    @UriParam(label = "limits", defaultValue = "0",
              description = "At most this many attempts in flight; 0 means no limit. Waiting callers hold no thread. On"
                            + " stable:gateway: at most this many items running at once, overriding the definition.")
    private int maxConcurrentRequests;
    @UriParam(label = "limits", defaultValue = "10000",
              description = "Callers that may wait for the concurrency limiter; when full, calls fail with LimitExceededException.")
    private int concurrencyQueueSize = 10_000;
    @UriParam(label = "breaker",
              description = "The circuit breaker guarding the calls, by name: routes naming the same breaker share it. A bean"
                            + " of that name (a StableCircuitBreaker, or a CircuitBreakerDefinition declared with Camel Main"
                            + " properties or YAML) defines it; otherwise the breaker options of this endpoint do. Breaker"
                            + " options without a name give this endpoint a breaker of its own.")
    private String circuitBreaker;
    @UriParam(label = "breaker", defaultValue = "50",
              description = "Percentage of failed calls in the sliding window (0 exclusive to 100) that opens the breaker.")
    private double failureThresholdPercentage = CircuitBreakerConfig.DEFAULT.failureThresholdPercentage();
    @UriParam(label = "breaker", defaultValue = "10", description = "Calls the window must hold before failure rates count.")
    private int minimumRequests = CircuitBreakerConfig.DEFAULT.minimumRequests();
    @UriParam(label = "breaker", defaultValue = "30000", javaType = "java.time.Duration",
              description = "How long the breaker stays OPEN, counted from the moment it opened (refused calls never extend it).")
    private long recoveryTimeoutMs = CircuitBreakerConfig.DEFAULT.recoveryTimeoutMs();
    @UriParam(label = "breaker", defaultValue = "5",
              description = "Trial calls admitted in flight while HALF_OPEN; when all have completed the breaker closes or reopens.")
    private int halfOpenMaxRequests = CircuitBreakerConfig.DEFAULT.halfOpenMaxRequests();
    @UriParam(label = "breaker", defaultValue = "50",
              description = "Percentage of the half-open trial calls (0 to 100) that must succeed for the breaker to close.")
    private double successThresholdPercentage = CircuitBreakerConfig.DEFAULT.successThresholdPercentage();
    @UriParam(label = "breaker", defaultValue = "false",
              description = "Record every attempt in the breaker (and ask it before each attempt) instead of one outcome per execution.")
    private boolean trackIndividualAttempts;
    @UriParam(label = "breaker", defaultValue = "COUNT_BASED", enums = "COUNT_BASED,TIME_BASED",
              description = "The sliding window: the last N calls (COUNT_BASED) or the calls of the last N seconds (TIME_BASED).")
    private CircuitBreakerConfig.SlidingWindowType slidingWindowType = CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
    @UriParam(label = "breaker", defaultValue = "100", description = "N of the sliding window: calls, or seconds.")
    private int slidingWindowSize = CircuitBreakerConfig.DEFAULT.slidingWindowSize();
    @UriParam(label = "breaker", defaultValue = "0", javaType = "java.time.Duration",
              description = "Calls slower than this count as slow; 0 ignores slowness.")
    private long slowCallDurationThreshold;
    @UriParam(label = "breaker", defaultValue = "100",
              description = "Percentage of slow calls in the window (0 exclusive to 100) that opens the breaker.")
    private double slowCallRateThreshold = CircuitBreakerConfig.DEFAULT.slowCallRateThreshold();

    /**
     * Builds and validates the engine options.
     *
     * @param  context                the Camel context, to load exception classes
     * @return                        the options
     * @throws InvalidOptionException naming the first bad option
     */
    public ExecutionOptions toOptions(CamelContext context, SharedResources resources, String endpointKey,
            StableEngine engine) {
        return ExecutionOptions.builder()
                .guardrails(resolveGuardrails()).enforceGuardrails(enforceGuardrails)
                .cache(resolveCache(resources, endpointKey)).cacheKey(resolveCacheKey(context))
                .rateLimiter(resolveRateLimiter(resources, endpointKey, engine))
                .concurrencyLimiter(resolveConcurrencyLimiter(resources, endpointKey, engine))
                .circuitBreaker(resolveBreaker(context, resources, endpointKey))
                .attempts(attempts).waitMillis(wait).maxAllowedWait(maxAllowedWait).retryStrategy(retryStrategy)
                .jitter(jitter).performAllAttempts(performAllAttempts).attemptTimeout(attemptTimeout)
                .retryClassifier(new RetryClassifier(classes(context, "retryOn", retryOn), classes(context, "abortOn", abortOn),
                        statusCodes("retryableStatusCodes", retryableStatusCodes)))
                .responseAnalyzer(responseAnalyzer).finalErrorAnalyzer(finalErrorAnalyzer).throwOnFailure(throwOnFailure)
                .logAllErrors(logAllErrors).handleErrors(handleErrors)
                .logAllSuccessfulAttempts(logAllSuccessfulAttempts).handleSuccessfulAttemptData(handleSuccessfulAttemptData)
                .preExecutionHook(preExecutionHook).applyPreExecutionConfigOverride(applyPreExecutionConfigOverride)
                .continueOnPreExecutionHookFailure(continueOnPreExecutionHookFailure)
                .trialMode(trialMode).reqFailureProbability(reqFailureProbability)
                .retryFailureProbability(retryFailureProbability)
                .commonBuffer(Buffers.forHooks("commonBuffer", commonBuffer, context, resources, engine))
                .executionContext(executionContext)
                .redactHeaders(split(redactHeaders)).maxSerializableChars(maxSerializableChars)
                .build();
    }

    private MetricsGuardrails resolveGuardrails() {
        if (guardrail == null || guardrail.isEmpty()) {
            return metricsGuardrails;
        }
        Map<String, MetricGuardrail> merged = new HashMap<>(metricsGuardrails == null ? Map.of() : metricsGuardrails.guardrails());
        merged.putAll(MetricsGuardrails.fromProperties(guardrail).guardrails());
        return new MetricsGuardrails(merged);
    }

    private StableCache resolveCache(SharedResources resources, String endpointKey) {
        if (cache != null && !cache.isBlank()) {
            return resources.cache(cache, cacheMaxSize, cacheTtl);
        }
        return cacheEnabled ? resources.cache("endpoint:" + endpointKey, cacheMaxSize, cacheTtl) : null;
    }

    private CacheKeyGenerator resolveCacheKey(CamelContext context) {
        if (cacheKey == null || cacheKey.isBlank()) {
            return null;
        }
        if (cacheKey.startsWith("#")) {
            Object bean = context.getRegistry().lookupByName(cacheKey.substring(1));
            if (bean instanceof CacheKeyGenerator generator) {
                return generator;
            }
            throw new InvalidOptionException("cacheKey", cacheKey, "a #bean implementing CacheKeyGenerator, or a simple expression");
        }
        Expression expression = context.resolveLanguage("simple").createExpression(cacheKey);
        expression.init(context);
        return (exchange, args) -> exchange == null ? args : expression.evaluate(exchange, Object.class);
    }

    /** @return the HTTP statuses that may be cached */
    public Set<Integer> cacheableStatusCodeSet() {
        return statusCodes("cacheableStatusCodes", cacheableStatusCodes);
    }

    /** @return the upper-case HTTP methods that may be cached */
    public Set<String> cacheMethodSet() {
        Set<String> out = new LinkedHashSet<>();
        split(cacheMethods).forEach(m -> out.add(m.toUpperCase(java.util.Locale.ROOT)));
        return out;
    }

    private StableRateLimiter resolveRateLimiter(SharedResources resources, String endpointKey, StableEngine engine) {
        if (rateLimiter != null && !rateLimiter.isBlank()) {
            return resources.rateLimiter(rateLimiter, rateLimitMaxRequests, rateLimitWindow, rateLimitQueueSize, engine);
        }
        return rateLimitMaxRequests > 0
                ? resources.rateLimiter("endpoint:" + endpointKey, rateLimitMaxRequests, rateLimitWindow, rateLimitQueueSize, engine)
                : null;
    }

    private StableConcurrencyLimiter resolveConcurrencyLimiter(SharedResources resources, String endpointKey,
            StableEngine engine) {
        if (concurrencyLimiter != null && !concurrencyLimiter.isBlank()) {
            return resources.concurrencyLimiter(concurrencyLimiter, maxConcurrentRequests, concurrencyQueueSize, engine);
        }
        return maxConcurrentRequests > 0
                ? resources.concurrencyLimiter("endpoint:" + endpointKey, maxConcurrentRequests, concurrencyQueueSize, engine)
                : null;
    }

    private StableCircuitBreaker resolveBreaker(CamelContext context, SharedResources resources, String endpointKey) {
        CircuitBreakerConfig own = new CircuitBreakerConfig(failureThresholdPercentage, minimumRequests, recoveryTimeoutMs,
                halfOpenMaxRequests, successThresholdPercentage, trackIndividualAttempts, slidingWindowType, slidingWindowSize,
                slowCallDurationThreshold, slowCallRateThreshold);
        boolean configuredHere = !own.equals(CircuitBreakerConfig.DEFAULT);
        if (circuitBreaker == null || circuitBreaker.isBlank()) {
            return configuredHere ? resources.breaker("endpoint:" + endpointKey, own) : null;
        }
        String name = circuitBreaker.startsWith("#") ? circuitBreaker.substring(1) : circuitBreaker;
        Object bean = context.getRegistry().lookupByName(name);
        if (bean instanceof StableCircuitBreaker breaker) {
            return resources.register(breaker);
        }
        if (bean instanceof CircuitBreakerDefinition definition) {
            return resources.breaker(name, definition.toConfig());
        }
        if (bean != null) {
            throw new InvalidOptionException("circuitBreaker", circuitBreaker,
                    "a new breaker name, or the name of a StableCircuitBreaker or CircuitBreakerDefinition bean");
        }
        return resources.breaker(name, configuredHere ? own : null);
    }

    private static List<Class<? extends Throwable>> classes(CamelContext context, String option, String names) {
        List<Class<? extends Throwable>> out = new ArrayList<>();
        for (String name : split(names)) {
            Class<?> type = context.getClassResolver().resolveClass(name);
            if (type == null || !Throwable.class.isAssignableFrom(type)) {
                throw new InvalidOptionException(option, name, "fully qualified names of exception classes on the classpath");
            }
            out.add(type.asSubclass(Throwable.class));
        }
        return out;
    }

    private static Set<Integer> statusCodes(String option, String codes) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String code : split(codes)) {
            try {
                int c = Integer.parseInt(code);
                if (c < 100 || c > 599) {
                    throw new NumberFormatException();
                }
                out.add(c);
            } catch (NumberFormatException e) {
                throw new InvalidOptionException(option, code, "HTTP status codes from 100 to 599");
            }
        }
        return out;
    }

    private static Set<String> split(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** @return an independent copy, for one endpoint */
    public StableConfiguration copy() {
        try {
            StableConfiguration copy = (StableConfiguration) clone();
            copy.executionContext = executionContext == null ? null : new HashMap<>(executionContext);
            copy.guardrail = guardrail == null ? null : new HashMap<>(guardrail);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    // ---- getters and setters (the generated configurers call them) ---------------------------------------

    public int getAttempts() {
        return attempts;
    }

    /** Total attempts, the first included (1 to 10000). */
    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public long getWait() {
        return wait;
    }

    /** Base delay between attempts in milliseconds. */
    public void setWait(long wait) {
        this.wait = wait;
    }

    public long getMaxAllowedWait() {
        return maxAllowedWait;
    }

    /** Cap on any single delay. */
    public void setMaxAllowedWait(long maxAllowedWait) {
        this.maxAllowedWait = maxAllowedWait;
    }

    public RetryStrategy getRetryStrategy() {
        return retryStrategy;
    }

    /** How the delay grows. */
    public void setRetryStrategy(RetryStrategy retryStrategy) {
        this.retryStrategy = retryStrategy;
    }

    public double getJitter() {
        return jitter;
    }

    /** Random spread of each delay, a fraction in [0, 1]. */
    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    public boolean isPerformAllAttempts() {
        return performAllAttempts;
    }

    /** Run every attempt even after a success. */
    public void setPerformAllAttempts(boolean performAllAttempts) {
        this.performAllAttempts = performAllAttempts;
    }

    public long getAttemptTimeout() {
        return attemptTimeout;
    }

    /** Per-attempt timeout in milliseconds; 0 for none. */
    public void setAttemptTimeout(long attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
    }

    public String getRetryOn() {
        return retryOn;
    }

    /** Exception classes that are retried (all others are not). */
    public void setRetryOn(String retryOn) {
        this.retryOn = retryOn;
    }

    public String getAbortOn() {
        return abortOn;
    }

    /** Exception classes that are never retried. */
    public void setAbortOn(String abortOn) {
        this.abortOn = abortOn;
    }

    public String getRetryableStatusCodes() {
        return retryableStatusCodes;
    }

    /** Extra HTTP status codes to retry. */
    public void setRetryableStatusCodes(String retryableStatusCodes) {
        this.retryableStatusCodes = retryableStatusCodes;
    }

    public ResponseAnalyzer getResponseAnalyzer() {
        return responseAnalyzer;
    }

    /** Validates each successful response. */
    public void setResponseAnalyzer(ResponseAnalyzer responseAnalyzer) {
        this.responseAnalyzer = responseAnalyzer;
    }

    public FinalErrorAnalyzer getFinalErrorAnalyzer() {
        return finalErrorAnalyzer;
    }

    /** Looks at the final failure and may suppress it. */
    public void setFinalErrorAnalyzer(FinalErrorAnalyzer finalErrorAnalyzer) {
        this.finalErrorAnalyzer = finalErrorAnalyzer;
    }

    public boolean isThrowOnFailure() {
        return throwOnFailure;
    }

    /** Fail the exchange when the execution fails. */
    public void setThrowOnFailure(boolean throwOnFailure) {
        this.throwOnFailure = throwOnFailure;
    }

    public boolean isLogAllErrors() {
        return logAllErrors;
    }

    /** Keep a log entry per failed attempt. */
    public void setLogAllErrors(boolean logAllErrors) {
        this.logAllErrors = logAllErrors;
    }

    public AttemptErrorHandler getHandleErrors() {
        return handleErrors;
    }

    /** Called for each failed attempt. */
    public void setHandleErrors(AttemptErrorHandler handleErrors) {
        this.handleErrors = handleErrors;
    }

    public boolean isLogAllSuccessfulAttempts() {
        return logAllSuccessfulAttempts;
    }

    /** Keep a log entry per successful attempt. */
    public void setLogAllSuccessfulAttempts(boolean logAllSuccessfulAttempts) {
        this.logAllSuccessfulAttempts = logAllSuccessfulAttempts;
    }

    public SuccessfulAttemptHandler getHandleSuccessfulAttemptData() {
        return handleSuccessfulAttemptData;
    }

    /** Called for each successful attempt. */
    public void setHandleSuccessfulAttemptData(SuccessfulAttemptHandler handleSuccessfulAttemptData) {
        this.handleSuccessfulAttemptData = handleSuccessfulAttemptData;
    }

    public PreExecutionHook getPreExecutionHook() {
        return preExecutionHook;
    }

    /** Runs before the first attempt. */
    public void setPreExecutionHook(PreExecutionHook preExecutionHook) {
        this.preExecutionHook = preExecutionHook;
    }

    public boolean isApplyPreExecutionConfigOverride() {
        return applyPreExecutionConfigOverride;
    }

    /** Apply the pre-execution hook's options. */
    public void setApplyPreExecutionConfigOverride(boolean applyPreExecutionConfigOverride) {
        this.applyPreExecutionConfigOverride = applyPreExecutionConfigOverride;
    }

    public boolean isContinueOnPreExecutionHookFailure() {
        return continueOnPreExecutionHookFailure;
    }

    /** Go on when the pre-execution hook throws. */
    public void setContinueOnPreExecutionHookFailure(boolean continueOnPreExecutionHookFailure) {
        this.continueOnPreExecutionHookFailure = continueOnPreExecutionHookFailure;
    }

    public boolean isTrialMode() {
        return trialMode;
    }

    /** Simulate attempts instead of calling. */
    public void setTrialMode(boolean trialMode) {
        this.trialMode = trialMode;
    }

    public double getReqFailureProbability() {
        return reqFailureProbability;
    }

    /** In trial mode, the probability that an attempt fails. */
    public void setReqFailureProbability(double reqFailureProbability) {
        this.reqFailureProbability = reqFailureProbability;
    }

    public double getRetryFailureProbability() {
        return retryFailureProbability;
    }

    /** In trial mode, the probability that a failure is not retryable. */
    public void setRetryFailureProbability(double retryFailureProbability) {
        this.retryFailureProbability = retryFailureProbability;
    }

    public Object getCommonBuffer() {
        return commonBuffer;
    }

    /** What every hook shares: a Map, a StableBuffer, or a shared buffer's name. */
    public void setCommonBuffer(Object commonBuffer) {
        this.commonBuffer = commonBuffer;
    }

    public Map<String, Object> getExecutionContext() {
        return executionContext;
    }

    /** Execution ids handed to hooks and results. */
    public void setExecutionContext(Map<String, Object> executionContext) {
        this.executionContext = executionContext;
    }

    public String getRedactHeaders() {
        return redactHeaders;
    }

    /** Extra header names masked in attempt logs. */
    public void setRedactHeaders(String redactHeaders) {
        this.redactHeaders = redactHeaders;
    }

    public int getMaxSerializableChars() {
        return maxSerializableChars;
    }

    /** Characters of data or error text a log entry keeps. */
    public void setMaxSerializableChars(int maxSerializableChars) {
        this.maxSerializableChars = maxSerializableChars;
    }

    public String getMethod() {
        return method;
    }

    /** For stable:function, the method of the bean to call. */
    public void setMethod(String method) {
        this.method = method;
    }

    public String getOperation() {
        return operation;
    }

    /** For stable:buffer: transaction, read, snapshot, replay or restore. */
    public void setOperation(String operation) {
        this.operation = operation;
    }

    public String getTransaction() {
        return transaction;
    }

    /** For stable:buffer: the #bean or registered name of the transaction. */
    public void setTransaction(String transaction) {
        this.transaction = transaction;
    }

    public String getReplayFile() {
        return replayFile;
    }

    /** For stable:buffer replay and restore: the JSON Lines log file. */
    public void setReplayFile(String replayFile) {
        this.replayFile = replayFile;
    }

    public boolean isSkipUnknownTransactions() {
        return skipUnknownTransactions;
    }

    /** For stable:buffer replay: skip entries naming no registered transaction. */
    public void setSkipUnknownTransactions(boolean skipUnknownTransactions) {
        this.skipUnknownTransactions = skipUnknownTransactions;
    }

    public String getDefinition() {
        return definition;
    }

    /** For stable:gateway: the YAML file of the definition. */
    public void setDefinition(String definition) {
        this.definition = definition;
    }

    public Boolean getConcurrentExecution() {
        return concurrentExecution;
    }

    /** For stable:gateway: concurrent or sequential items. */
    public void setConcurrentExecution(Boolean concurrentExecution) {
        this.concurrentExecution = concurrentExecution;
    }

    public Boolean getStopOnFirstError() {
        return stopOnFirstError;
    }

    /** For stable:gateway: stop at the first failed item. */
    public void setStopOnFirstError(Boolean stopOnFirstError) {
        this.stopOnFirstError = stopOnFirstError;
    }

    public Boolean getEnableRacing() {
        return enableRacing;
    }

    /** For stable:gateway: the first success wins. */
    public void setEnableRacing(Boolean enableRacing) {
        this.enableRacing = enableRacing;
    }

    public long getMaxTimeout() {
        return maxTimeout;
    }

    /** For stable:gateway: the limit of a run in milliseconds. */
    public void setMaxTimeout(long maxTimeout) {
        this.maxTimeout = maxTimeout;
    }

    public Object getSharedBuffer() {
        return sharedBuffer;
    }

    /** For stable:gateway: the buffer of items that set none (a Map, a StableBuffer, or a shared buffer's name). */
    public void setSharedBuffer(Object sharedBuffer) {
        this.sharedBuffer = sharedBuffer;
    }

    public String getCircuitBreaker() {
        return circuitBreaker;
    }

    /** The circuit breaker by name. */
    public void setCircuitBreaker(String circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public double getFailureThresholdPercentage() {
        return failureThresholdPercentage;
    }

    /** Failure percentage that opens the breaker. */
    public void setFailureThresholdPercentage(double failureThresholdPercentage) {
        this.failureThresholdPercentage = failureThresholdPercentage;
    }

    public int getMinimumRequests() {
        return minimumRequests;
    }

    /** Calls needed before rates count. */
    public void setMinimumRequests(int minimumRequests) {
        this.minimumRequests = minimumRequests;
    }

    public long getRecoveryTimeoutMs() {
        return recoveryTimeoutMs;
    }

    /** How long the breaker stays open. */
    public void setRecoveryTimeoutMs(long recoveryTimeoutMs) {
        this.recoveryTimeoutMs = recoveryTimeoutMs;
    }

    public int getHalfOpenMaxRequests() {
        return halfOpenMaxRequests;
    }

    /** Trial calls while half-open. */
    public void setHalfOpenMaxRequests(int halfOpenMaxRequests) {
        this.halfOpenMaxRequests = halfOpenMaxRequests;
    }

    public double getSuccessThresholdPercentage() {
        return successThresholdPercentage;
    }

    /** Trial success percentage needed to close. */
    public void setSuccessThresholdPercentage(double successThresholdPercentage) {
        this.successThresholdPercentage = successThresholdPercentage;
    }

    public boolean isTrackIndividualAttempts() {
        return trackIndividualAttempts;
    }

    /** Record every attempt in the breaker. */
    public void setTrackIndividualAttempts(boolean trackIndividualAttempts) {
        this.trackIndividualAttempts = trackIndividualAttempts;
    }

    public CircuitBreakerConfig.SlidingWindowType getSlidingWindowType() {
        return slidingWindowType;
    }

    /** Count-based or time-based window. */
    public void setSlidingWindowType(CircuitBreakerConfig.SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    public int getSlidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls or seconds in the window. */
    public void setSlidingWindowSize(int slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public long getSlowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    /** Duration above which a call is slow. */
    public void setSlowCallDurationThreshold(long slowCallDurationThreshold) {
        this.slowCallDurationThreshold = slowCallDurationThreshold;
    }

    public double getSlowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** Slow percentage that opens the breaker. */
    public void setSlowCallRateThreshold(double slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    public String getRateLimiter() {
        return rateLimiter;
    }

    /** A rate limiter shared by name. */
    public void setRateLimiter(String rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    public int getRateLimitMaxRequests() {
        return rateLimitMaxRequests;
    }

    /** Calls starting per window. */
    public void setRateLimitMaxRequests(int rateLimitMaxRequests) {
        this.rateLimitMaxRequests = rateLimitMaxRequests;
    }

    public long getRateLimitWindow() {
        return rateLimitWindow;
    }

    /** The rate limiter window in milliseconds. */
    public void setRateLimitWindow(long rateLimitWindow) {
        this.rateLimitWindow = rateLimitWindow;
    }

    public int getRateLimitQueueSize() {
        return rateLimitQueueSize;
    }

    /** Callers that may wait for the rate limiter. */
    public void setRateLimitQueueSize(int rateLimitQueueSize) {
        this.rateLimitQueueSize = rateLimitQueueSize;
    }

    public String getConcurrencyLimiter() {
        return concurrencyLimiter;
    }

    /** A concurrency limiter shared by name. */
    public void setConcurrencyLimiter(String concurrencyLimiter) {
        this.concurrencyLimiter = concurrencyLimiter;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** Attempts allowed in flight. */
    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public int getConcurrencyQueueSize() {
        return concurrencyQueueSize;
    }

    /** Callers that may wait for the concurrency limiter. */
    public void setConcurrencyQueueSize(int concurrencyQueueSize) {
        this.concurrencyQueueSize = concurrencyQueueSize;
    }

    public boolean isCacheEnabled() {
        return cacheEnabled;
    }

    /** Cache successful results. */
    public void setCacheEnabled(boolean cacheEnabled) {
        this.cacheEnabled = cacheEnabled;
    }

    public String getCache() {
        return cache;
    }

    /** A cache shared by name. */
    public void setCache(String cache) {
        this.cache = cache;
    }

    public long getCacheTtl() {
        return cacheTtl;
    }

    /** Default time to live of an entry. */
    public void setCacheTtl(long cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    public long getCacheMaxSize() {
        return cacheMaxSize;
    }

    /** Entries kept. */
    public void setCacheMaxSize(long cacheMaxSize) {
        this.cacheMaxSize = cacheMaxSize;
    }

    public String getCacheKey() {
        return cacheKey;
    }

    /** A key generator bean or simple expression. */
    public void setCacheKey(String cacheKey) {
        this.cacheKey = cacheKey;
    }

    public String getCacheableStatusCodes() {
        return cacheableStatusCodes;
    }

    /** HTTP statuses that may be stored. */
    public void setCacheableStatusCodes(String cacheableStatusCodes) {
        this.cacheableStatusCodes = cacheableStatusCodes;
    }

    public String getCacheMethods() {
        return cacheMethods;
    }

    /** HTTP methods that may be cached. */
    public void setCacheMethods(String cacheMethods) {
        this.cacheMethods = cacheMethods;
    }

    public boolean isCacheKeyByAuthorization() {
        return cacheKeyByAuthorization;
    }

    /** Key HTTP entries by the Authorization value. */
    public void setCacheKeyByAuthorization(boolean cacheKeyByAuthorization) {
        this.cacheKeyByAuthorization = cacheKeyByAuthorization;
    }

    public MetricsGuardrails getMetricsGuardrails() {
        return metricsGuardrails;
    }

    /** Guardrails as a bean. */
    public void setMetricsGuardrails(MetricsGuardrails metricsGuardrails) {
        this.metricsGuardrails = metricsGuardrails;
    }

    public Map<String, Object> getGuardrail() {
        return guardrail;
    }

    /** Guardrails as prefixed options. */
    public void setGuardrail(Map<String, Object> guardrail) {
        this.guardrail = guardrail;
    }

    public boolean isEnforceGuardrails() {
        return enforceGuardrails;
    }

    /** Fail an execution that broke a guardrail. */
    public void setEnforceGuardrails(boolean enforceGuardrails) {
        this.enforceGuardrails = enforceGuardrails;
    }

    public ResultOnExchange getResultOnExchange() {
        return resultOnExchange;
    }

    /** What is written onto the exchange besides the body. */
    public void setResultOnExchange(ResultOnExchange resultOnExchange) {
        this.resultOnExchange = resultOnExchange;
    }
}
