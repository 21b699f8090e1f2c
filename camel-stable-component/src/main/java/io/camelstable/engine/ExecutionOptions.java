package io.camelstable.engine;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.cache.CacheKeyGenerator;
import io.camelstable.cache.CachePolicy;
import io.camelstable.cache.StableCache;
import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.hook.AttemptErrorHandler;
import io.camelstable.hook.FinalErrorAnalyzer;
import io.camelstable.hook.PreExecutionHook;
import io.camelstable.hook.ResponseAnalyzer;
import io.camelstable.hook.SuccessfulAttemptHandler;
import io.camelstable.limit.StableConcurrencyLimiter;
import io.camelstable.limit.StableRateLimiter;
import io.camelstable.metrics.ExecutionObserver;
import io.camelstable.policy.Backoff;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.policy.RetryClassifier;
import io.camelstable.policy.RetryStrategy;
import io.camelstable.policy.TrialMode;

/**
 * Everything that shapes one execution, immutable and validated when built. The {@code stable:}
 * endpoint builds one per endpoint; the Java API builds one per call site; a pre-execution hook may
 * return a modified copy for one execution.
 */
public final class ExecutionOptions {

    /** Headers whose values never appear in logs or results. */
    public static final Set<String> ALWAYS_REDACTED = Set.of("authorization", "cookie", "proxy-authorization");

    private final int attempts;
    private final Backoff backoff;
    private final boolean performAllAttempts;
    private final long attemptTimeout;
    private final RetryClassifier retryClassifier;
    private final ResponseAnalyzer responseAnalyzer;
    private final FinalErrorAnalyzer finalErrorAnalyzer;
    private final boolean throwOnFailure;
    private final boolean logAllErrors;
    private final AttemptErrorHandler handleErrors;
    private final boolean logAllSuccessfulAttempts;
    private final SuccessfulAttemptHandler handleSuccessfulAttemptData;
    private final PreExecutionHook preExecutionHook;
    private final boolean applyPreExecutionConfigOverride;
    private final boolean continueOnPreExecutionHookFailure;
    private final TrialMode trialMode;
    private final Map<String, Object> commonBuffer;
    private final Map<String, Object> executionContext;
    private final Set<String> redactHeaders;
    private final int maxSerializableChars;
    private final StableCircuitBreaker circuitBreaker;
    private final StableRateLimiter rateLimiter;
    private final StableConcurrencyLimiter concurrencyLimiter;
    private final StableCache cache;
    private final CachePolicy cachePolicy;
    private final CacheKeyGenerator cacheKey;
    private final ExecutionObserver observer;
    private final MetricsGuardrails guardrails;
    private final boolean enforceGuardrails;
    private final boolean successUnobserved;

    private ExecutionOptions(Builder b) {
        InvalidOptionException.requireBetween("attempts", b.attempts, 1, Execution.MAX_ATTEMPTS);
        InvalidOptionException.requireAtLeast("attemptTimeout", b.attemptTimeout, 0);
        InvalidOptionException.requireAtLeast("maxSerializableChars", b.maxSerializableChars, 1);
        this.attempts = b.attempts;
        this.backoff = new Backoff(b.retryStrategy, b.wait, b.maxAllowedWait, b.jitter);
        this.performAllAttempts = b.performAllAttempts;
        this.attemptTimeout = b.attemptTimeout;
        this.retryClassifier = b.retryClassifier == null ? RetryClassifier.DEFAULT : b.retryClassifier;
        this.responseAnalyzer = b.responseAnalyzer;
        this.finalErrorAnalyzer = b.finalErrorAnalyzer;
        this.throwOnFailure = b.throwOnFailure;
        this.logAllErrors = b.logAllErrors;
        this.handleErrors = b.handleErrors;
        this.logAllSuccessfulAttempts = b.logAllSuccessfulAttempts;
        this.handleSuccessfulAttemptData = b.handleSuccessfulAttemptData;
        this.preExecutionHook = b.preExecutionHook;
        this.applyPreExecutionConfigOverride = b.applyPreExecutionConfigOverride;
        this.continueOnPreExecutionHookFailure = b.continueOnPreExecutionHookFailure;
        this.trialMode = new TrialMode(b.trialMode, b.reqFailureProbability, b.retryFailureProbability);
        this.commonBuffer = b.commonBuffer;
        this.executionContext = b.executionContext == null ? Map.of() : Map.copyOf(b.executionContext);
        Set<String> redact = new TreeSet<>(ALWAYS_REDACTED);
        for (String h : b.redactHeaders) {
            redact.add(h.trim().toLowerCase(Locale.ROOT));
        }
        this.redactHeaders = Set.copyOf(redact);
        this.maxSerializableChars = b.maxSerializableChars;
        this.circuitBreaker = b.circuitBreaker;
        this.rateLimiter = b.rateLimiter;
        this.concurrencyLimiter = b.concurrencyLimiter;
        this.cache = b.cache;
        this.cachePolicy = b.cachePolicy;
        this.cacheKey = b.cacheKey;
        this.observer = b.observer == null ? ExecutionObserver.NONE : b.observer;
        this.guardrails = b.guardrails;
        this.enforceGuardrails = b.enforceGuardrails;
        this.successUnobserved = b.successUnobserved && guardrails == null && observer == ExecutionObserver.NONE
                && !logAllSuccessfulAttempts
                && (circuitBreaker == null || circuitBreaker.getConfig().slowCallDurationThreshold() == 0);
    }

    /** @return a builder with the seed's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options, for a modified copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.attempts = attempts;
        b.retryStrategy = backoff.strategy();
        b.wait = backoff.waitMillis();
        b.maxAllowedWait = backoff.maxAllowedWait();
        b.jitter = backoff.jitter();
        b.performAllAttempts = performAllAttempts;
        b.attemptTimeout = attemptTimeout;
        b.retryClassifier = retryClassifier;
        b.responseAnalyzer = responseAnalyzer;
        b.finalErrorAnalyzer = finalErrorAnalyzer;
        b.throwOnFailure = throwOnFailure;
        b.logAllErrors = logAllErrors;
        b.handleErrors = handleErrors;
        b.logAllSuccessfulAttempts = logAllSuccessfulAttempts;
        b.handleSuccessfulAttemptData = handleSuccessfulAttemptData;
        b.preExecutionHook = preExecutionHook;
        b.applyPreExecutionConfigOverride = applyPreExecutionConfigOverride;
        b.continueOnPreExecutionHookFailure = continueOnPreExecutionHookFailure;
        b.trialMode = trialMode.enabled();
        b.reqFailureProbability = trialMode.reqFailureProbability();
        b.retryFailureProbability = trialMode.retryFailureProbability();
        b.commonBuffer = commonBuffer;
        b.executionContext = executionContext;
        b.redactHeaders = redactHeaders;
        b.maxSerializableChars = maxSerializableChars;
        b.circuitBreaker = circuitBreaker;
        b.rateLimiter = rateLimiter;
        b.concurrencyLimiter = concurrencyLimiter;
        b.cache = cache;
        b.cachePolicy = cachePolicy;
        b.cacheKey = cacheKey;
        b.observer = observer;
        b.guardrails = guardrails;
        b.enforceGuardrails = enforceGuardrails;
        b.successUnobserved = successUnobserved;
        return b;
    }

    /** @return total attempts, the first included */
    public int attempts() {
        return attempts;
    }

    /** @return the delay policy between attempts */
    public Backoff backoff() {
        return backoff;
    }

    /** @return whether to run every attempt even after a success */
    public boolean performAllAttempts() {
        return performAllAttempts;
    }

    /** @return per-attempt timeout in milliseconds, 0 for none */
    public long attemptTimeout() {
        return attemptTimeout;
    }

    /** @return which failures may be retried */
    public RetryClassifier retryClassifier() {
        return retryClassifier;
    }

    /** @return the content validator, or null */
    public ResponseAnalyzer responseAnalyzer() {
        return responseAnalyzer;
    }

    /** @return the final failure analyzer, or null */
    public FinalErrorAnalyzer finalErrorAnalyzer() {
        return finalErrorAnalyzer;
    }

    /** @return whether a failed execution fails the exchange (else the result becomes the body) */
    public boolean throwOnFailure() {
        return throwOnFailure;
    }

    /** @return whether failed attempts are logged and handed to {@link #handleErrors()} */
    public boolean logAllErrors() {
        return logAllErrors;
    }

    /** @return the failed-attempt handler, or null for the default log line */
    public AttemptErrorHandler handleErrors() {
        return handleErrors;
    }

    /** @return whether successful attempts are logged and handed to {@link #handleSuccessfulAttemptData()} */
    public boolean logAllSuccessfulAttempts() {
        return logAllSuccessfulAttempts;
    }

    /** @return the successful-attempt handler, or null for the default log line */
    public SuccessfulAttemptHandler handleSuccessfulAttemptData() {
        return handleSuccessfulAttemptData;
    }

    /** @return the hook run before the first attempt, or null */
    public PreExecutionHook preExecutionHook() {
        return preExecutionHook;
    }

    /** @return whether the pre-execution hook's returned options apply to the execution */
    public boolean applyPreExecutionConfigOverride() {
        return applyPreExecutionConfigOverride;
    }

    /** @return whether a failing pre-execution hook is ignored */
    public boolean continueOnPreExecutionHookFailure() {
        return continueOnPreExecutionHookFailure;
    }

    /** @return fault injection settings */
    public TrialMode trialMode() {
        return trialMode;
    }

    /** @return the buffer handed to hooks, or null for a fresh empty map per execution */
    public Map<String, Object> commonBuffer() {
        return commonBuffer;
    }

    /** @return execution ids (workflowId, phaseId, requestId...), never null */
    public Map<String, Object> executionContext() {
        return executionContext;
    }

    /** @return lower-case header names masked in logs and results */
    public Set<String> redactHeaders() {
        return redactHeaders;
    }

    /** @return how many characters of data a log entry or error message keeps */
    public int maxSerializableChars() {
        return maxSerializableChars;
    }

    /** @return the breaker guarding the calls, or null */
    public StableCircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** @return the limiter on call starts per window, or null */
    public StableRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** @return the limiter on calls in flight, or null */
    public StableConcurrencyLimiter concurrencyLimiter() {
        return concurrencyLimiter;
    }

    /** @return the cache of successful results, or null */
    public StableCache cache() {
        return cache;
    }

    /** @return what caching means for this kind of call, or null */
    public CachePolicy cachePolicy() {
        return cachePolicy;
    }

    /** @return a key generator replacing the policy's key, or null */
    public CacheKeyGenerator cacheKey() {
        return cacheKey;
    }

    /** @return told of every attempt and execution, for metrics; never null */
    public ExecutionObserver observer() {
        return observer;
    }

    /** @return bounds on the execution's and the shared resources' metrics, or null */
    public MetricsGuardrails guardrails() {
        return guardrails;
    }

    /** @return whether a broken guardrail fails an otherwise successful execution */
    public boolean enforceGuardrails() {
        return enforceGuardrails;
    }

    /**
     * @return whether nothing can see the timings of a successful execution (no result on the exchange, no
     *         meters, guardrails, success logs or slow-call breaker), so its end need not be timed
     */
    public boolean successUnobserved() {
        return successUnobserved;
    }

    /** Collects options; {@link #build()} validates them. */
    public static final class Builder {
        private int attempts = 1;
        private RetryStrategy retryStrategy = RetryStrategy.FIXED;
        private long wait = 1000;
        private long maxAllowedWait = 60_000;
        private double jitter;
        private boolean performAllAttempts;
        private long attemptTimeout;
        private RetryClassifier retryClassifier;
        private ResponseAnalyzer responseAnalyzer;
        private FinalErrorAnalyzer finalErrorAnalyzer;
        private boolean throwOnFailure = true;
        private boolean logAllErrors;
        private AttemptErrorHandler handleErrors;
        private boolean logAllSuccessfulAttempts;
        private SuccessfulAttemptHandler handleSuccessfulAttemptData;
        private PreExecutionHook preExecutionHook;
        private boolean applyPreExecutionConfigOverride;
        private boolean continueOnPreExecutionHookFailure;
        private boolean trialMode;
        private double reqFailureProbability;
        private double retryFailureProbability;
        private Map<String, Object> commonBuffer;
        private Map<String, Object> executionContext;
        private Set<String> redactHeaders = Set.of();
        private int maxSerializableChars = 1000;
        private StableCircuitBreaker circuitBreaker;
        private StableRateLimiter rateLimiter;
        private StableConcurrencyLimiter concurrencyLimiter;
        private StableCache cache;
        private CachePolicy cachePolicy;
        private CacheKeyGenerator cacheKey;
        private ExecutionObserver observer;
        private MetricsGuardrails guardrails;
        private boolean enforceGuardrails;
        private boolean successUnobserved;

        private Builder() {
        }

        /**
         * @param  v the caller never exposes a successful result (for example {@code resultOnExchange=NONE}); the
         *           options still time it when meters, guardrails, success logs or a slow-call breaker need it
         * @return   this
         */
        public Builder successUnobserved(boolean v) {
            successUnobserved = v;
            return this;
        }

        /** @param v bounds on metrics, or null @return this */
        public Builder guardrails(MetricsGuardrails v) {
            guardrails = v;
            return this;
        }

        /** @param v fail a successful execution that broke a guardrail @return this */
        public Builder enforceGuardrails(boolean v) {
            enforceGuardrails = v;
            return this;
        }

        /** @param v told of every attempt and execution (metrics) @return this */
        public Builder observer(ExecutionObserver v) {
            observer = v;
            return this;
        }

        /** @param v the cache of successful results (shared by name), or null @return this */
        public Builder cache(StableCache v) {
            cache = v;
            return this;
        }

        /** @param v what caching means for this kind of call @return this */
        public Builder cachePolicy(CachePolicy v) {
            cachePolicy = v;
            return this;
        }

        /** @param v a key generator replacing the policy's key @return this */
        public Builder cacheKey(CacheKeyGenerator v) {
            cacheKey = v;
            return this;
        }

        /** @param v the limiter on call starts per window (shared by name), or null @return this */
        public Builder rateLimiter(StableRateLimiter v) {
            rateLimiter = v;
            return this;
        }

        /** @param v the limiter on calls in flight (shared by name), or null @return this */
        public Builder concurrencyLimiter(StableConcurrencyLimiter v) {
            concurrencyLimiter = v;
            return this;
        }

        /** @param v the breaker guarding the calls (shared by name), or null @return this */
        public Builder circuitBreaker(StableCircuitBreaker v) {
            circuitBreaker = v;
            return this;
        }

        /** @param v total attempts, ≥ 1 @return this */
        public Builder attempts(int v) {
            attempts = v;
            return this;
        }

        /** @param v the delay strategy @return this */
        public Builder retryStrategy(RetryStrategy v) {
            retryStrategy = v;
            return this;
        }

        /** @param v base delay in milliseconds @return this */
        public Builder waitMillis(long v) {
            wait = v;
            return this;
        }

        /** @param v cap on a single delay in milliseconds @return this */
        public Builder maxAllowedWait(long v) {
            maxAllowedWait = v;
            return this;
        }

        /** @param v fraction in [0, 1] @return this */
        public Builder jitter(double v) {
            jitter = v;
            return this;
        }

        /** @param v run every attempt @return this */
        public Builder performAllAttempts(boolean v) {
            performAllAttempts = v;
            return this;
        }

        /** @param v per-attempt timeout in milliseconds, 0 for none @return this */
        public Builder attemptTimeout(long v) {
            attemptTimeout = v;
            return this;
        }

        /** @param v the retry classifier @return this */
        public Builder retryClassifier(RetryClassifier v) {
            retryClassifier = v;
            return this;
        }

        /** @param v content validator @return this */
        public Builder responseAnalyzer(ResponseAnalyzer v) {
            responseAnalyzer = v;
            return this;
        }

        /** @param v final failure analyzer @return this */
        public Builder finalErrorAnalyzer(FinalErrorAnalyzer v) {
            finalErrorAnalyzer = v;
            return this;
        }

        /** @param v whether failure fails the exchange @return this */
        public Builder throwOnFailure(boolean v) {
            throwOnFailure = v;
            return this;
        }

        /** @param v log failed attempts @return this */
        public Builder logAllErrors(boolean v) {
            logAllErrors = v;
            return this;
        }

        /** @param v failed-attempt handler @return this */
        public Builder handleErrors(AttemptErrorHandler v) {
            handleErrors = v;
            return this;
        }

        /** @param v log successful attempts @return this */
        public Builder logAllSuccessfulAttempts(boolean v) {
            logAllSuccessfulAttempts = v;
            return this;
        }

        /** @param v successful-attempt handler @return this */
        public Builder handleSuccessfulAttemptData(SuccessfulAttemptHandler v) {
            handleSuccessfulAttemptData = v;
            return this;
        }

        /** @param v hook run before the first attempt @return this */
        public Builder preExecutionHook(PreExecutionHook v) {
            preExecutionHook = v;
            return this;
        }

        /** @param v apply the hook's returned options @return this */
        public Builder applyPreExecutionConfigOverride(boolean v) {
            applyPreExecutionConfigOverride = v;
            return this;
        }

        /** @param v ignore a failing pre-execution hook @return this */
        public Builder continueOnPreExecutionHookFailure(boolean v) {
            continueOnPreExecutionHookFailure = v;
            return this;
        }

        /** @param v simulate attempts instead of calling @return this */
        public Builder trialMode(boolean v) {
            trialMode = v;
            return this;
        }

        /** @param v chance that a simulated attempt fails @return this */
        public Builder reqFailureProbability(double v) {
            reqFailureProbability = v;
            return this;
        }

        /** @param v chance that a simulated failure is not retryable @return this */
        public Builder retryFailureProbability(double v) {
            retryFailureProbability = v;
            return this;
        }

        /** @param v buffer shared with hooks @return this */
        public Builder commonBuffer(Map<String, Object> v) {
            commonBuffer = v;
            return this;
        }

        /** @param v execution ids @return this */
        public Builder executionContext(Map<String, Object> v) {
            executionContext = v;
            return this;
        }

        /** @param v extra header names to mask @return this */
        public Builder redactHeaders(Set<String> v) {
            redactHeaders = v == null ? Set.of() : v;
            return this;
        }

        /** @param v characters kept of data in logs @return this */
        public Builder maxSerializableChars(int v) {
            maxSerializableChars = v;
            return this;
        }

        /**
         * @return                        the validated options
         * @throws InvalidOptionException naming the first bad option
         */
        public ExecutionOptions build() {
            return new ExecutionOptions(this);
        }
    }
}
