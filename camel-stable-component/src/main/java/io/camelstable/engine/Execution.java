package io.camelstable.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.camelstable.breaker.CircuitBreakerOpenException;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.cache.CacheEntry;
import io.camelstable.cache.CachePolicy;
import io.camelstable.guardrail.Anomaly;
import io.camelstable.guardrail.GuardrailViolationException;
import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.guardrail.ValidationResult;
import io.camelstable.hook.HookContext;
import io.camelstable.limit.PermitCallback;
import io.camelstable.policy.RetryAfter;
import io.camelstable.policy.TrialModeFailure;
import io.camelstable.result.AttemptLogEntry;
import io.camelstable.result.AttemptRecord;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.ExecutionMetrics;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All attempts of one exchange or call (SPEC §1.1, DESIGN §4), as a state machine driven by attempt
 * reports and scheduled continuations. It is also the result: once the listener is told, nothing in it
 * changes, and building a separate result object would cost an allocation on every call.
 * <p>
 * Concurrency: an attempt is settled exactly once, by its report or by its timeout, through a CAS on
 * {@code settled}; everything else happens in the single thread that settled the current attempt, and
 * hands over to the next thread through the scheduler or executor (which publish safely).
 */
final class Execution implements StableResult<Object>, AttemptContext, AttemptCallback, PermitCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final VarHandle SETTLED;
    private static final VarHandle SYNC;
    private static final int STARTING = 0;
    private static final int ASYNC = 1;
    private static final int DONE_SYNC = 2;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SETTLED = lookup.findVarHandle(Execution.class, "settled", int.class);
            SYNC = lookup.findVarHandle(Execution.class, "sync", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StableEngine engine;
    private final Attempt attempt;
    private final Exchange exchange;
    private final Object arguments;
    private final Object token;
    private final ExecutionListener listener;
    private final Thread starter;
    private ExecutionOptions options;
    private Map<String, Object> commonBuffer;

    @SuppressWarnings("unused") // accessed through SETTLED
    private volatile int settled;
    @SuppressWarnings("unused") // accessed through SYNC
    private volatile int sync;

    private long startNanos;
    private long endNanos;
    private int attemptNumber;
    private long attemptStartNanos;
    private long attemptStartWall;
    private long lastDelay;
    private Cancellable inFlight = Cancellable.NONE;
    private Cancellable timeoutTask = Cancellable.NONE;

    private AttemptRecord firstRecord;
    private List<AttemptRecord> moreRecords;
    private List<AttemptLogEntry> errorLogs;
    private List<AttemptLogEntry> successLogs;
    private long attemptTimeSum;
    private long lastAttemptNanos;
    private boolean breakerPermitHeld;
    private boolean concurrencyPermitHeld;
    private boolean waitingForRatePermit;
    private int rateTicket = -1;
    private int successes;
    private Object lastRaw;
    private Object lastSuccessRaw;
    private Throwable lastError;

    private boolean success;
    private boolean suppressed;
    private boolean fromCache;
    private ValidationResult validation;
    private Object cacheKeyValue;
    private Object finalRaw;
    private Throwable failure;
    private String errorMessage;

    Execution(StableEngine engine, ExecutionOptions options, Attempt attempt, Exchange exchange, Object arguments,
              Object token, ExecutionListener listener) {
        this.engine = engine;
        this.options = options;
        this.attempt = attempt;
        this.exchange = exchange;
        this.arguments = arguments;
        this.token = token;
        this.listener = listener;
        this.starter = Thread.currentThread();
    }

    /** @return whether the execution ended before this method returned */
    boolean start() {
        startNanos = engine.nanoTime();
        commonBuffer = options.commonBuffer();
        if (options.preExecutionHook() != null && !runPreExecutionHook()) {
            complete(false);
        } else if (!answeredFromCache()) {
            startAttempt();
        }
        return !SYNC.compareAndSet(this, STARTING, ASYNC);
    }

    private boolean runPreExecutionHook() {
        try {
            ExecutionOptions override = options.preExecutionHook().beforeExecution(hookContext(0, null, null, null));
            if (override != null && options.applyPreExecutionConfigOverride()) {
                options = override;
                commonBuffer = override.commonBuffer() != null ? override.commonBuffer() : commonBuffer;
            }
            return true;
        } catch (Exception e) {
            if (options.continueOnPreExecutionHookFailure()) {
                LOG.warn("Pre-execution hook failed, continuing without its override: {}", e.getMessage());
                return true;
            }
            lastError = new IllegalStateException("Pre-execution hook failed: " + e.getMessage(), e);
            return false;
        }
    }

    /** Looks the execution up before any attempt; a hit completes it with no attempt and no breaker call. */
    private boolean answeredFromCache() {
        CachePolicy policy = options.cachePolicy();
        if (options.cache() == null || policy == null) {
            return false;
        }
        cacheKeyValue = options.cacheKey() != null ? options.cacheKey().keyOf(exchange, arguments) : policy.keyOf(this);
        if (cacheKeyValue == null) {
            return false;
        }
        CacheEntry entry = options.cache().get(cacheKeyValue);
        if (entry == null || !policy.matches(this, entry)) {
            return false;
        }
        fromCache = true;
        lastRaw = policy.rawOf(this, entry);
        complete(true);
        return true;
    }

    /** Stores a final success: only an analyzer-accepted, real (not simulated) result reaches here. */
    private void storeInCache() {
        if (success && !fromCache && cacheKeyValue != null && !options.trialMode().enabled()) {
            CacheEntry entry = options.cachePolicy().entryOf(this, finalRaw, options.cache().getDefaultTtlMillis());
            if (entry != null) {
                options.cache().put(cacheKeyValue, entry);
            }
        }
    }

    /** SPEC §1.14, on request and infrastructure metrics; enforced only with {@code enforceGuardrails}. */
    private void checkGuardrails() {
        MetricsGuardrails guardrails = options.guardrails();
        if (guardrails == null) {
            return;
        }
        ExecutionMetrics m = getMetrics();
        Map<String, Double> values = new HashMap<>();
        values.put("totalAttempts", (double) m.totalAttempts());
        values.put("successfulAttempts", (double) m.successfulAttempts());
        values.put("failedAttempts", (double) m.failedAttempts());
        values.put("totalExecutionTime", m.totalExecutionTime());
        values.put("averageAttemptTime", m.averageAttemptTime());
        if (guardrails.needsInfrastructure()) {
            InfrastructureValues.addTo(values, options);
        }
        validation = guardrails.validate(values, engine.wallTime());
        for (Anomaly anomaly : validation.anomalies()) {
            options.observer().guardrailViolated(exchange, anomaly);
        }
        if (!validation.valid() && options.enforceGuardrails() && success) {
            success = false;
            finalRaw = null;
            failure = new GuardrailViolationException(validation);
            errorMessage = Redaction.sanitize(failure.getMessage(), options.maxSerializableChars());
        }
    }

    // ---- attempts ---------------------------------------------------------------------------------------

    private void startAttempt() {
        int n = ++attemptNumber;
        attemptStartNanos = engine.nanoTime();
        attemptStartWall = engine.wallTime();
        StableCircuitBreaker breaker = options.circuitBreaker();
        if (breaker != null && (n == 1 || breaker.getConfig().trackIndividualAttempts())) {
            if (!breaker.tryAcquirePermission()) {
                notPermitted(n, new CircuitBreakerOpenException(breaker.getName(), breaker.getState()));
                return;
            }
            breakerPermitHeld = true;
        }
        if (options.rateLimiter() != null) {
            waitingForRatePermit = true;
            options.rateLimiter().acquire(this);
        } else {
            afterRatePermit();
        }
    }

    private void afterRatePermit() {
        if (options.concurrencyLimiter() != null) {
            options.concurrencyLimiter().acquire(this);
        } else {
            call();
        }
    }

    @Override
    public void granted(int ticket) {
        if (waitingForRatePermit) {
            waitingForRatePermit = false;
            rateTicket = ticket;
            afterRatePermit();
        } else {
            concurrencyPermitHeld = true;
            call();
        }
    }

    @Override
    public void refused(RuntimeException refusal) {
        waitingForRatePermit = false;
        if (breakerPermitHeld) {
            breakerPermitHeld = false;
            options.circuitBreaker().releasePermission();
        }
        notPermitted(attemptNumber, refusal);
    }

    /** All gates passed: the call itself. */
    private void call() {
        int n = attemptNumber;
        attemptStartNanos = engine.nanoTime();
        attemptStartWall = engine.wallTime();
        if (rateTicket >= 0) {
            options.rateLimiter().started(rateTicket, attemptStartNanos);
            rateTicket = -1;
        }
        if (options.trialMode().enabled()) {
            simulate(n);
            return;
        }
        long timeout = options.attemptTimeout();
        if (timeout <= 0) {
            try {
                inFlight = attempt.start(this, this);
            } catch (RuntimeException e) {
                failed(n, e, 0, RetryAfter.NONE);
            }
            return;
        }
        // A timed attempt runs on a worker thread, so the timeout can interrupt a blocking call.
        TimedAttemptRun run = new TimedAttemptRun(attempt, this, n);
        inFlight = run;
        timeoutTask = engine.scheduler().schedule(() -> timedOut(n, timeout), timeout);
        engine.worker().execute(run);
    }

    private void simulate(int n) {
        double roll = engine.random().getAsDouble();
        if (roll < options.trialMode().reqFailureProbability()) {
            boolean retryable = engine.random().getAsDouble() >= options.trialMode().retryFailureProbability();
            failed(n, new TrialModeFailure(retryable), 0, RetryAfter.NONE);
        } else {
            succeeded(n, attempt.simulatedSuccess(this), 200);
        }
    }

    /** A gate refused the attempt: no call was made, and retrying now would be refused again. */
    private void notPermitted(int n, RuntimeException refusal) {
        if (!settle(n)) {
            return;
        }
        lastAttemptNanos = 0;
        recordFailure(n, 0, AttemptStatus.NOT_PERMITTED, refusal, 0, false);
        complete(false);
    }

    private boolean settle(int n) {
        if (!SETTLED.compareAndSet(this, n - 1, n)) {
            return false;
        }
        if (concurrencyPermitHeld) {
            concurrencyPermitHeld = false;
            options.concurrencyLimiter().release();
        }
        return true;
    }

    private void timedOut(int n, long timeout) {
        if (!settle(n)) {
            return;
        }
        inFlight.cancel();
        onFailure(n, AttemptStatus.TIMED_OUT, new AttemptTimeoutException(n, timeout), 0, RetryAfter.NONE);
    }

    @Override
    public void succeeded(int n, Object raw, int statusCode) {
        if (!settle(n)) {
            attempt.discard(raw);
            return;
        }
        timeoutTask.cancel();
        long duration = elapsedMillis();
        Object data = attempt.dataOf(raw);
        Throwable rejection = analyze(n, data);
        if (rejection != null) {
            attempt.discard(raw);
            // A rejected response is a failed attempt, always retryable, never a success.
            recordFailure(n, duration, AttemptStatus.REJECTED, rejection, statusCode, true);
            recordInBreaker(true);
            next(false, true, RetryAfter.NONE);
            return;
        }
        successes++;
        if (lastSuccessRaw != null && lastSuccessRaw != raw) {
            attempt.discard(lastSuccessRaw);
        }
        lastSuccessRaw = raw;
        lastRaw = raw;
        record(new AttemptRecord(n, attemptStartWall, duration, AttemptStatus.SUCCEEDED, statusCode, null, false, 0));
        recordInBreaker(false);
        if (options.logAllSuccessfulAttempts()) {
            AttemptLogEntry entry = logEntry(n, duration, statusCode, "SUCCESS", null, false, data);
            successLogs = add(successLogs, entry);
            notifySuccess(n, data, entry);
        }
        next(true, false, RetryAfter.NONE);
    }

    @Override
    public void failed(int n, Throwable error, int statusCode, long retryAfterMillis) {
        if (!settle(n)) {
            return;
        }
        timeoutTask.cancel();
        onFailure(n, AttemptStatus.FAILED, error, statusCode, retryAfterMillis);
    }

    private void onFailure(int n, AttemptStatus status, Throwable error, int statusCode, long retryAfterMillis) {
        long duration = elapsedMillis();
        boolean retryable = options.retryClassifier().isRetryable(error, statusCode);
        recordFailure(n, duration, status, error, statusCode, retryable);
        recordInBreaker(true);
        next(false, retryable, retryAfterMillis);
    }

    /** With {@code trackIndividualAttempts} every attempt is an outcome; otherwise the execution is one, in complete(). */
    private void recordInBreaker(boolean failure) {
        StableCircuitBreaker breaker = options.circuitBreaker();
        if (breakerPermitHeld && breaker.getConfig().trackIndividualAttempts()) {
            breakerPermitHeld = false;
            breaker.onResult(failure, lastAttemptNanos);
        }
    }

    private Throwable analyze(int n, Object data) {
        if (options.responseAnalyzer() == null) {
            return null;
        }
        try {
            if (options.responseAnalyzer().accept(hookContext(n, data, null, null))) {
                return null;
            }
            return new ResponseRejectedException("The response analyzer rejected the response of attempt " + n, null);
        } catch (Exception e) {
            LOG.warn("Response analyzer failed on attempt {}: {}", n, e.getMessage());
            return new ResponseRejectedException("The response analyzer failed on attempt " + n + ": " + e.getMessage(), e);
        }
    }

    private void recordFailure(int n, long duration, AttemptStatus status, Throwable error, int statusCode,
            boolean retryable) {
        lastError = error;
        lastRaw = null;
        String message = Redaction.sanitize(String.valueOf(error.getMessage()), options.maxSerializableChars());
        record(new AttemptRecord(n, attemptStartWall, duration, status, statusCode, message, retryable, 0));
        if (options.logAllErrors()) {
            AttemptLogEntry entry = logEntry(n, duration, statusCode, errorType(status, statusCode), message, retryable, null);
            errorLogs = add(errorLogs, entry);
            notifyError(n, error, entry);
        }
    }

    private static String errorType(AttemptStatus status, int statusCode) {
        return switch (status) {
            case REJECTED -> "INVALID_CONTENT";
            case TIMED_OUT -> "TIMEOUT";
            default -> statusCode > 0 ? "HTTP_ERROR" : "ERROR";
        };
    }

    /** Decides between another attempt and the end, per SPEC §1.1 step 9 with our fixes. */
    private void next(boolean ok, boolean retryable, long retryAfterMillis) {
        boolean again = attemptNumber < options.attempts() && (ok ? options.performAllAttempts() : retryable);
        if (again && retryAfterMillis > options.backoff().maxAllowedWait()) {
            // Honouring Retry-After is not possible within maxAllowedWait: stop rather than call early.
            lastError = new IllegalStateException("Retry-After of " + retryAfterMillis
                    + " ms exceeds maxAllowedWait of " + options.backoff().maxAllowedWait() + " ms; not retrying", lastError);
            again = false;
        }
        if (!again) {
            complete(ok);
            return;
        }
        long delay = Math.max(options.backoff().delayAfter(attemptNumber, lastDelay, engine.random()),
                Math.max(0, retryAfterMillis));
        lastDelay = delay;
        setDelayOfLastRecord(delay);
        engine.waiting(this);
        if (delay == 0) {
            engine.worker().execute(this::resumeAfterDelay);
        } else {
            engine.scheduler().schedule(() -> engine.worker().execute(this::resumeAfterDelay), delay);
        }
    }

    private void resumeAfterDelay() {
        if (engine.resume(this)) {
            startAttempt();
        }
    }

    /** Ends an execution that was waiting between attempts (the engine is stopping). */
    void abort(RuntimeException reason) {
        lastError = reason;
        complete(false);
    }

    private void complete(boolean lastOk) {
        endNanos = engine.nanoTime();
        if (options.performAllAttempts() && successes > 0) {
            success = true;
            finalRaw = lastSuccessRaw;
        } else {
            success = lastOk;
            finalRaw = lastOk ? lastRaw : null;
            if (!lastOk && lastSuccessRaw != null) {
                attempt.discard(lastSuccessRaw);
            }
        }
        if (!success) {
            failure = lastError;
            errorMessage = Redaction.sanitize(failure == null ? "Execution failed" : String.valueOf(failure.getMessage()),
                    options.maxSerializableChars());
            suppressed = runFinalErrorAnalyzer();
        }
        if (breakerPermitHeld) {
            breakerPermitHeld = false;
            options.circuitBreaker().onResult(!success, endNanos - startNanos);
        }
        storeInCache();
        checkGuardrails();
        options.observer().executionEnded(exchange, this, endNanos - startNanos);
        boolean doneSync = Thread.currentThread() == starter && SYNC.compareAndSet(this, STARTING, DONE_SYNC);
        boolean raise = !success && !suppressed && options.throwOnFailure();
        listener.onComplete(this, finalRaw, raise, exchange, token, doneSync);
    }

    private boolean runFinalErrorAnalyzer() {
        if (options.finalErrorAnalyzer() == null) {
            return false;
        }
        try {
            return options.finalErrorAnalyzer().analyze(hookContext(attemptNumber, null, failure, null));
        } catch (Exception e) {
            LOG.warn("Final error analyzer failed: {}", e.getMessage());
            return false;
        }
    }

    // ---- hooks and logs ---------------------------------------------------------------------------------

    private HookContext hookContext(int n, Object data, Throwable error, AttemptLogEntry entry) {
        if (commonBuffer == null) {
            commonBuffer = new HashMap<>();
        }
        return new HookContext(exchange, options, n, data, error, entry, commonBuffer, options.executionContext());
    }

    private AttemptLogEntry logEntry(int n, long duration, int statusCode, String type, String error, boolean retryable,
            Object data) {
        return new AttemptLogEntry(n + "/" + options.attempts(), attemptStartWall, duration, statusCode, type, error,
                retryable, data, Redaction.maskHeaders(attempt.requestHeaders(this), options.redactHeaders()));
    }

    private void notifyError(int n, Throwable error, AttemptLogEntry entry) {
        try {
            if (options.handleErrors() != null) {
                options.handleErrors().handle(hookContext(n, null, error, entry));
            } else {
                LOG.warn("Attempt {} failed ({}): {}", entry.attempt(), entry.type(), entry.error());
            }
        } catch (Exception e) {
            LOG.warn("handleErrors hook failed: {}", e.getMessage());
        }
    }

    private void notifySuccess(int n, Object data, AttemptLogEntry entry) {
        try {
            if (options.handleSuccessfulAttemptData() != null) {
                options.handleSuccessfulAttemptData().handle(hookContext(n, data, null, entry));
            } else {
                LOG.info("Attempt {} succeeded in {} ms", entry.attempt(), entry.executionTime());
            }
        } catch (Exception e) {
            LOG.warn("handleSuccessfulAttemptData hook failed: {}", e.getMessage());
        }
    }

    private long elapsedMillis() {
        long nanos = engine.nanoTime() - attemptStartNanos;
        lastAttemptNanos = nanos;
        attemptTimeSum += nanos;
        return nanos / 1_000_000;
    }

    private void record(AttemptRecord r) {
        options.observer().attemptEnded(exchange, r.status(), lastAttemptNanos);
        if (firstRecord == null) {
            firstRecord = r;
        } else {
            if (moreRecords == null) {
                moreRecords = new ArrayList<>(options.attempts());
            }
            moreRecords.add(r);
        }
    }

    private void setDelayOfLastRecord(long delay) {
        if (moreRecords == null || moreRecords.isEmpty()) {
            firstRecord = firstRecord.withDelayAfter(delay);
        } else {
            int last = moreRecords.size() - 1;
            moreRecords.set(last, moreRecords.get(last).withDelayAfter(delay));
        }
    }

    private static <E> List<E> add(List<E> list, E e) {
        List<E> l = list == null ? new ArrayList<>() : list;
        l.add(e);
        return l;
    }

    // ---- AttemptContext ---------------------------------------------------------------------------------

    @Override
    public int attemptNumber() {
        return attemptNumber;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    @Override
    public ExecutionOptions options() {
        return options;
    }

    @Override
    public Object arguments() {
        return arguments;
    }

    // ---- StableResult -----------------------------------------------------------------------------------

    @Override
    public boolean isSuccess() {
        return success;
    }

    @Override
    public Object getData() {
        return success ? attempt.dataOf(finalRaw) : null;
    }

    @Override
    public String getError() {
        return errorMessage;
    }

    @Override
    public Throwable getFailure() {
        return failure;
    }

    @Override
    public boolean isFromCache() {
        return fromCache;
    }

    @Override
    public List<AttemptRecord> getAttempts() {
        if (firstRecord == null) {
            return List.of();
        }
        if (moreRecords == null) {
            return List.of(firstRecord);
        }
        List<AttemptRecord> all = new ArrayList<>(moreRecords.size() + 1);
        all.add(firstRecord);
        all.addAll(moreRecords);
        return List.copyOf(all);
    }

    @Override
    public List<AttemptLogEntry> getErrorLogs() {
        return errorLogs == null ? List.of() : List.copyOf(errorLogs);
    }

    @Override
    public List<AttemptLogEntry> getSuccessfulAttempts() {
        return successLogs == null ? List.of() : List.copyOf(successLogs);
    }

    @Override
    public ExecutionMetrics getMetrics() {
        double total = (endNanos - startNanos) / 1e6;
        double average = attemptNumber == 0 ? 0 : attemptTimeSum / 1e6 / attemptNumber;
        return new ExecutionMetrics(attemptNumber, successes, attemptNumber - successes, total, average);
    }

    @Override
    public ValidationResult getValidation() {
        return validation;
    }

    @Override
    public Map<String, Object> getExecutionContext() {
        return options.executionContext();
    }

    @Override
    public int getTotalAttempts() {
        return attemptNumber;
    }

    @Override
    public long getExecutionTimeMillis() {
        return (endNanos - startNanos) / 1_000_000;
    }

    @Override
    public String toString() {
        return "StableResult[success=" + success + ", attempts=" + attemptNumber + ", error=" + errorMessage + "]";
    }
}
