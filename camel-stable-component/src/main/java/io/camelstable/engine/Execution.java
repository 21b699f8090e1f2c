package io.camelstable.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

import io.camelstable.breaker.CircuitBreakerOpenException;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.cache.CacheEntry;
import io.camelstable.cache.CachePolicy;
import io.camelstable.guardrail.ValidationResult;
import io.camelstable.limit.PermitCallback;
import io.camelstable.policy.RetryAfter;
import io.camelstable.policy.TrialModeFailure;
import io.camelstable.result.AttemptLogEntry;
import io.camelstable.result.AttemptRecord;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.ExecutionMetrics;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;

/**
 * All attempts of one exchange or call (SPEC §1.1, DESIGN §4), as a state machine driven by attempt
 * reports, permits and scheduled continuations. It is also the result: once the listener is told, nothing
 * in it changes. The happy path (one accepted attempt) touches only the fields here; anything more lives in
 * {@link ExecutionDetails}, allocated when first needed, and the hooks, logs and guardrails in
 * {@link ExecutionHooks}.
 * <p>
 * Concurrency: an attempt is settled exactly once, by its report or by its timeout, through a CAS on
 * {@code settled}; everything else happens in the single thread that settled the current attempt, and
 * hands over to the next thread through the scheduler, executor or a limiter (which publish safely).
 */
final class Execution implements StableResult<Object>, AttemptContext, AttemptCallback, PermitCallback, Cancellable {

    private static final VarHandle SETTLED;
    private static final VarHandle SYNC;
    private static final byte STARTING = 0;
    private static final byte ASYNC = 1;
    /** Ended before start() returned: start() tells the listener, in the caller's thread. */
    private static final byte ENDED_IN_START = 2;
    // info: flags in bits 0-7, the latest HTTP status in bits 8-17, the attempt number in bits 18-31
    private static final int SUCCESS = 1;
    private static final int FROM_CACHE = 2;
    private static final int BREAKER_PERMIT = 4;
    private static final int CONCURRENCY_PERMIT = 8;
    /** subject is the exchange (else the Java API's arguments). */
    private static final int EXCHANGE = 16;
    private static final int STATUS_SHIFT = 8;
    private static final int STATUS_MASK = 0x3FF << STATUS_SHIFT;
    private static final int ATTEMPT_SHIFT = 18;
    /** The most attempts an execution may have: what the attempt number's 14 bits hold. */
    static final int MAX_ATTEMPTS = 10_000;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SETTLED = lookup.findVarHandle(Execution.class, "settled", short.class);
            SYNC = lookup.findVarHandle(Execution.class, "sync", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The fields are packed so that an execution is one 64-byte object on the happy path (JMH, -prof gc:
    // 96 B before packing): see the benchmarks README. Everything else lives in ExecutionDetails.
    final StableEngine engine;
    final Attempt attempt;
    /**
     * The exchange (flag EXCHANGE) or else the Java API's arguments: one field, told apart by a flag, not by an
     * interface instanceof (measured at about 60 ns a call); both at once keep the arguments in the details.
     */
    private final Object subject;
    private final Object token;
    private final ExecutionListener listener;
    ExecutionOptions options;
    /**
     * The latest accepted attempt's raw value (the data of a successful execution) or, once anything beyond
     * the happy path happened, the {@link ExecutionDetails} that hold it: never anything else once details
     * exist. A user's value cannot be an ExecutionDetails, which never leaves this package.
     */
    private Object valueOrDetails;

    @SuppressWarnings("unused") // accessed through SETTLED
    private volatile short settled;
    @SuppressWarnings("unused") // accessed through SYNC
    private volatile byte sync;
    /** Flags, HTTP status and attempt number, packed (see the constants). */
    private int info;
    /** The start of the execution, and of its current attempt while no details exist. */
    private long startNanos;
    /** The end of the latest attempt, and at completion the end of the execution. */
    private long endNanos;

    Execution(StableEngine engine, ExecutionOptions options, Attempt attempt, Exchange exchange, Object arguments,
              Object token, ExecutionListener listener) {
        this.engine = engine;
        this.options = options;
        this.attempt = attempt;
        this.subject = exchange != null ? exchange : arguments;
        this.token = token;
        this.listener = listener;
        if (exchange != null) {
            info = EXCHANGE;
            if (arguments != null) {
                details().arguments = arguments;
            }
        }
    }

    /** @return whether the execution ended before this method returned (the listener was told, in this thread) */
    boolean start() {
        startNanos = engine.nanoTime();
        if (d() != null) {
            d().attemptStartNanos = startNanos;
        }
        if (options.preExecutionHook() != null && !ExecutionHooks.runPreExecutionHook(this)) {
            complete(false);
        } else if (!answeredFromCache()) {
            startAttempt();
        }
        // already ended (in this thread, or in another one while this one was still here): no CAS needed then
        if (sync == ENDED_IN_START || !SYNC.compareAndSet(this, STARTING, ASYNC)) {
            tellListener(true);
            return true;
        }
        return false;
    }

    /** @return the details, or null while the execution is on its happy path */
    private ExecutionDetails d() {
        return valueOrDetails instanceof ExecutionDetails details ? details : null;
    }

    /** @return whether the caller cancelled this execution (only a cancellable one, which has details, can be) */
    private boolean cancelled() {
        ExecutionDetails details = d();
        return details != null && details.cancelled;
    }

    /** @return the latest accepted attempt's raw value */
    private Object raw() {
        Object v = valueOrDetails;
        return v instanceof ExecutionDetails details ? details.raw : v;
    }

    private void setRaw(Object value) {
        if (valueOrDetails instanceof ExecutionDetails details) {
            details.raw = value;
        } else {
            valueOrDetails = value;
        }
    }

    ExecutionDetails details() {
        ExecutionDetails details = d();
        if (details == null) {
            details = new ExecutionDetails();
            details.raw = valueOrDetails;
            details.attemptStartNanos = startNanos;
            if (attemptNumber() == 1 && details.raw != null && settled == 1) {
                // attempt 1 succeeded on the happy path, recorded only in the core fields: keep its record
                details.successes = 1;
                details.record(firstRecord(), options.attempts());
                details.attemptTimeSum = endNanos - startNanos;
            }
            valueOrDetails = details;
        }
        return details;
    }

    /** @return the current attempt's start: the execution's own unless a permit wait, a hook or a retry moved it */
    private long attemptStartNanos() {
        ExecutionDetails details = d();
        return details != null ? details.attemptStartNanos : startNanos;
    }

    // ---- cache --------------------------------------------------------------------------------------------

    /** Looks the execution up before any attempt; a hit completes it with no attempt and no breaker call. */
    private boolean answeredFromCache() {
        CachePolicy policy = options.cachePolicy();
        if (options.cache() == null || policy == null) {
            return false;
        }
        Object key = options.cacheKey() != null ? options.cacheKey().keyOf(exchange(), arguments()) : policy.keyOf(this);
        if (key == null) {
            return false;
        }
        details().cacheKey = key;
        CacheEntry entry = options.cache().get(key);
        if (entry == null || !policy.matches(this, entry)) {
            return false;
        }
        info |= FROM_CACHE;
        setRaw(policy.rawOf(this, entry));
        complete(true);
        return true;
    }

    /** Stores a final success: only an analyzer-accepted, real (not simulated) result reaches here. */
    private void storeInCache() {
        ExecutionDetails details = d();
        if (details != null && details.cacheKey != null && (info & (SUCCESS | FROM_CACHE)) == SUCCESS
                && !options.trialMode().enabled()) {
            CacheEntry entry = options.cachePolicy().entryOf(this, details.raw, options.cache().getDefaultTtlMillis());
            if (entry != null) {
                options.cache().put(details.cacheKey, entry);
            }
        }
    }

    // ---- gates: breaker, rate limiter, concurrency limiter --------------------------------------------------

    private void startAttempt() {
        info += 1 << ATTEMPT_SHIFT;
        int n = attemptNumber();
        if (n > 1 || options.preExecutionHook() != null || d() != null) {
            details().attemptStartNanos = engine.nanoTime();
        }
        StableCircuitBreaker breaker = options.circuitBreaker();
        if (breaker != null && (n == 1 || breaker.getConfig().trackIndividualAttempts())) {
            if (!breaker.tryAcquirePermission()) {
                notPermitted(n, new CircuitBreakerOpenException(breaker.getName(), breaker.getState()));
                return;
            }
            info |= BREAKER_PERMIT;
        }
        if (options.concurrencyLimiter() != null) {
            options.concurrencyLimiter().acquire(this);
        } else {
            afterConcurrencyPermit();
        }
    }

    /** The rate permit is taken last, right before the call, so its window counts the call's real start. */
    private void afterConcurrencyPermit() {
        if (options.rateLimiter() != null) {
            options.rateLimiter().acquire(this);
        } else {
            call();
        }
    }

    @Override
    public void granted(int ticket, boolean waited) {
        if (waited) {
            // the wait for a permit is not part of the attempt: it starts now
            long now = engine.nanoTime();
            details().attemptStartNanos = now;
            if (ticket >= 0) {
                options.rateLimiter().started(ticket, now);
            }
        }
        if (options.concurrencyLimiter() != null && (info & CONCURRENCY_PERMIT) == 0) {
            info |= CONCURRENCY_PERMIT;
            afterConcurrencyPermit();
        } else {
            call();
        }
    }

    @Override
    public void refused(RuntimeException refusal) {
        if ((info & BREAKER_PERMIT) != 0) {
            info &= ~BREAKER_PERMIT;
            options.circuitBreaker().releasePermission();
        }
        notPermitted(attemptNumber(), refusal);
    }

    /** A gate refused the attempt: no call was made, and retrying now would be refused again. */
    private void notPermitted(int n, RuntimeException refusal) {
        if (settle(n)) {
            endNanos = attemptStartNanos();
            recordFailure(n, AttemptStatus.NOT_PERMITTED, refusal, 0, false);
            complete(false);
        }
    }

    // ---- the call -----------------------------------------------------------------------------------------

    /** All gates passed: the call itself. */
    private void call() {
        int n = attemptNumber();
        if (cancelled() && settle(n)) {
            // cancelled while waiting for a permit: no call is made
            endNanos = attemptStartNanos();
            recordFailure(n, AttemptStatus.CANCELLED, new ExecutionCancelledException(n), 0, false);
            complete(false);
            return;
        }
        if (options.trialMode().enabled()) {
            simulate(n);
            return;
        }
        long timeout = options.attemptTimeout();
        if (timeout <= 0 && (d() == null || !d().cancellable)) {
            try {
                attempt.start(this, this);
            } catch (RuntimeException e) {
                failed(n, e, 0, RetryAfter.NONE);
            }
            return;
        }
        // A timed attempt, or one of a cancellable execution, is stopped through its run: one that may block runs on
        // a worker thread, which the timeout or cancel() can interrupt; one that never blocks runs right here.
        boolean mayBlock = attempt.mayBlock();
        TimedAttemptRun run = new TimedAttemptRun(attempt, this, n, mayBlock);
        ExecutionDetails details = details();
        details.inFlight = run;
        if (timeout > 0) {
            details.timeoutTask = engine.scheduler().schedule(() -> timedOut(n, timeout), timeout);
        }
        if (details.cancelled) {
            // cancel() may have looked at inFlight before it was this run: stop it here (it then reports)
            run.cancel();
        }
        if (mayBlock) {
            engine.worker().execute(run);
        } else {
            run.run();
        }
    }

    private void simulate(int n) {
        if (engine.random().getAsDouble() < options.trialMode().reqFailureProbability()) {
            boolean retryable = engine.random().getAsDouble() >= options.trialMode().retryFailureProbability();
            failed(n, new TrialModeFailure(retryable), 0, RetryAfter.NONE);
        } else {
            succeeded(n, attempt.simulatedSuccess(this), 200);
        }
    }

    private boolean settle(int n) {
        if (options.attemptTimeout() > 0) {
            // the attempt's report and its timeout race: exactly one of them wins
            if (!SETTLED.compareAndSet(this, (short) (n - 1), (short) n)) {
                return false;
            }
        } else {
            // the attempt is the only reporter; a late or repeated report is still ignored
            if (settled != n - 1) {
                return false;
            }
            SETTLED.setRelease(this, (short) n);
        }
        if ((info & CONCURRENCY_PERMIT) != 0) {
            info &= ~CONCURRENCY_PERMIT;
            options.concurrencyLimiter().release();
        }
        ExecutionDetails details = d();
        if (details != null) {
            details.timeoutTask.cancel();
        }
        return true;
    }

    private void timedOut(int n, long timeout) {
        if (settle(n)) {
            d().inFlight.cancel();
            onFailure(n, AttemptStatus.TIMED_OUT, new AttemptTimeoutException(n, timeout), 0, RetryAfter.NONE);
        }
    }

    // ---- outcomes -----------------------------------------------------------------------------------------

    @Override
    public void succeeded(int n, Object value, int code) {
        if (!settle(n)) {
            attempt.discard(value);
            return;
        }
        if (cancelled()) {
            // finished despite the cancellation (it ignored the interrupt): the caller no longer wants it
            attempt.discard(value);
            onFailure(n, AttemptStatus.FAILED, new ExecutionCancelledException(n), code, 0);
            return;
        }
        // a success nobody can see needs no end time (a failure, or a later attempt, still reads the clock)
        ExecutionDetails details = d();
        endNanos = details == null && options.successUnobserved() ? startNanos : engine.nanoTime();
        info = (info & ~STATUS_MASK) | (code >= 0 && code <= 999 ? code << STATUS_SHIFT : 0);
        Throwable rejection = options.responseAnalyzer() == null ? null
                : ExecutionHooks.analyze(this, n, attempt.dataOf(value));
        if (rejection != null) {
            attempt.discard(value);
            // a rejected response is a failed attempt, always retryable, never a success
            recordFailure(n, AttemptStatus.REJECTED, rejection, code, true);
            next(false, true, RetryAfter.NONE);
            return;
        }
        Object previous = raw();
        if (previous != null && previous != value) {
            attempt.discard(previous);
        }
        setRaw(value);
        long nanos = endNanos - attemptStartNanos();
        if (details != null) {
            details.successes++;
            details.attemptTimeSum += nanos;
            details.record(new AttemptRecord(n, wallAt(details.attemptStartNanos), nanos / 1_000_000, AttemptStatus.SUCCEEDED,
                    code, null, false, 0), options.attempts());
        }
        options.observer().attemptEnded(exchange(), AttemptStatus.SUCCEEDED, nanos);
        recordInBreaker(false, nanos);
        if (options.logAllSuccessfulAttempts()) {
            ExecutionHooks.logSuccess(this, n, nanos, code, attempt.dataOf(value));
        }
        next(true, false, RetryAfter.NONE);
    }

    @Override
    public void failed(int n, Throwable error, int code, long retryAfterMillis) {
        if (settle(n)) {
            onFailure(n, AttemptStatus.FAILED, error, code, retryAfterMillis);
        }
    }

    private void onFailure(int n, AttemptStatus status, Throwable error, int code, long retryAfterMillis) {
        endNanos = engine.nanoTime();
        if (cancelled()) {
            Throwable cancelled = error instanceof ExecutionCancelledException ? error : new ExecutionCancelledException(n);
            recordFailure(n, AttemptStatus.CANCELLED, cancelled, code, false);
            complete(false);
            return;
        }
        boolean retryable = options.retryClassifier().isRetryable(error, code);
        recordFailure(n, status, error, code, retryable);
        next(false, retryable, retryAfterMillis);
    }

    private void recordFailure(int n, AttemptStatus status, Throwable error, int code, boolean retryable) {
        ExecutionDetails details = details();
        long nanos = endNanos - details.attemptStartNanos;
        details.lastError = error;
        details.attemptTimeSum += nanos;
        String message = Redaction.sanitize(String.valueOf(error.getMessage()), options.maxSerializableChars());
        details.record(new AttemptRecord(n, wallAt(details.attemptStartNanos), nanos / 1_000_000, status, code, message, retryable, 0),
                options.attempts());
        options.observer().attemptEnded(exchange(), status, nanos);
        if (status != AttemptStatus.NOT_PERMITTED && status != AttemptStatus.CANCELLED) {
            recordInBreaker(true, nanos);
        }
        if (options.logAllErrors()) {
            ExecutionHooks.logError(this, n, nanos, code, status, error, message, retryable);
        }
    }

    /** With {@code trackIndividualAttempts} every attempt is an outcome; otherwise the execution is one, in complete(). */
    private void recordInBreaker(boolean failure, long nanos) {
        if ((info & BREAKER_PERMIT) != 0 && options.circuitBreaker().getConfig().trackIndividualAttempts()) {
            info &= ~BREAKER_PERMIT;
            options.circuitBreaker().onResult(failure, nanos);
        }
    }

    /** Decides between another attempt and the end, per SPEC §1.1 step 9 with our fixes. */
    private void next(boolean ok, boolean retryable, long retryAfterMillis) {
        boolean again = attemptNumber() < options.attempts() && (ok ? options.performAllAttempts() : retryable);
        if (again && retryAfterMillis > options.backoff().maxAllowedWait()) {
            // honouring Retry-After is not possible within maxAllowedWait: stop rather than call early
            d().lastError = new IllegalStateException("Retry-After of " + retryAfterMillis + " ms exceeds maxAllowedWait of "
                    + options.backoff().maxAllowedWait() + " ms; not retrying", d().lastError);
            again = false;
        }
        if (!again) {
            complete(ok);
            return;
        }
        ExecutionDetails details = details();
        long delay = Math.max(options.backoff().delayAfter(attemptNumber(), details.lastDelay, engine.random()),
                Math.max(0, retryAfterMillis));
        details.lastDelay = delay;
        details.setDelayOfLastRecord(delay);
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

    /**
     * Stops this execution (created by {@link StableEngine#executeCancellable}): one waiting between attempts
     * ends at once; an attempt in flight is interrupted or cancelled and the execution ends when it reports;
     * one waiting for a permit ends when granted, without a call. It ends with an
     * {@link ExecutionCancelledException}, never retried, never counted by the breaker. Any thread may call it.
     */
    @Override
    public void cancel() {
        ExecutionDetails details = d();
        if (details == null || !details.cancellable || details.cancelled) {
            return;
        }
        details.cancelled = true;
        if (engine.resume(this)) {
            abort(new ExecutionCancelledException(attemptNumber() + 1));
            return;
        }
        // volatile write of cancelled, then read of inFlight: call() writes inFlight, then reads cancelled
        details.inFlight.cancel();
    }

    /** Ends an execution that was waiting between attempts (the engine is stopping, or it was cancelled). */
    void abort(RuntimeException reason) {
        details().lastError = reason;
        complete(false);
    }

    private void complete(boolean lastOk) {
        if (d() != null || attemptNumber() == 0) {
            endNanos = engine.nanoTime();
        }
        boolean ok = lastOk || (options.performAllAttempts() && successCount() > 0);
        if (ok) {
            info |= SUCCESS;
        } else {
            Object value = raw();
            if (value != null) {
                attempt.discard(value);
                setRaw(null);
            }
            ExecutionHooks.fail(this, d() == null ? null : d().lastError);
        }
        if ((info & BREAKER_PERMIT) != 0) {
            info &= ~BREAKER_PERMIT;
            if (cancelled()) {
                // a cancelled call says nothing about the downstream's health
                options.circuitBreaker().releasePermission();
            } else {
                options.circuitBreaker().onResult(!ok, endNanos - startNanos);
            }
        }
        storeInCache();
        if (options.guardrails() != null) {
            ExecutionHooks.checkGuardrails(this);
        }
        options.observer().executionEnded(exchange(), this, endNanos - startNanos);
        // still inside start() (in its thread or not): start() tells the listener, in the caller's thread
        if (sync == ASYNC || !SYNC.compareAndSet(this, STARTING, ENDED_IN_START)) {
            tellListener(false);
        }
    }

    private void tellListener(boolean doneSync) {
        boolean success = (info & SUCCESS) != 0;
        boolean raise = !success && !d().suppressed && options.throwOnFailure();
        listener.onComplete(this, success ? raw() : null, raise, exchange(), token, doneSync);
    }

    /** @return successful attempts: kept in the details, or on the happy path implied by the accepted result */
    int successCount() {
        ExecutionDetails details = d();
        return details != null ? details.successes : attemptNumber() == 1 && valueOrDetails != null ? 1 : 0;
    }

    /** Turns a success into a failure (an enforced guardrail). */
    void markFailed() {
        info &= ~SUCCESS;
    }

    private long wallAt(long nanos) {
        return engine.wallAt(nanos);
    }

    /** The happy path's only record, derived from the core fields (its attempt started with the execution). */
    private AttemptRecord firstRecord() {
        return new AttemptRecord(1, wallAt(startNanos), (endNanos - startNanos) / 1_000_000,
                AttemptStatus.SUCCEEDED, (info & STATUS_MASK) >>> STATUS_SHIFT, null, false, 0);
    }

    /** @return when the current attempt started, epoch milliseconds */
    long attemptStartWall() {
        return wallAt(attemptStartNanos());
    }

    // ---- AttemptContext ---------------------------------------------------------------------------------

    @Override
    public int attemptNumber() {
        return info >>> ATTEMPT_SHIFT;
    }

    @Override
    public Exchange exchange() {
        return (info & EXCHANGE) != 0 ? (Exchange) subject : null;
    }

    @Override
    public ExecutionOptions options() {
        return options;
    }

    @Override
    public Object arguments() {
        if ((info & EXCHANGE) == 0) {
            return subject;
        }
        ExecutionDetails details = d();
        return details == null ? null : details.arguments;
    }

    // ---- StableResult -----------------------------------------------------------------------------------

    @Override
    public boolean isSuccess() {
        return (info & SUCCESS) != 0;
    }

    @Override
    public Object getData() {
        return isSuccess() ? attempt.dataOf(raw()) : null;
    }

    @Override
    public String getError() {
        ExecutionDetails d = d();
        return d == null ? null : d.errorMessage;
    }

    @Override
    public Throwable getFailure() {
        ExecutionDetails d = d();
        return d == null ? null : d.failure;
    }

    @Override
    public boolean isFromCache() {
        return (info & FROM_CACHE) != 0;
    }

    @Override
    public List<AttemptRecord> getAttempts() {
        ExecutionDetails d = d();
        if (d != null && d.records != null) {
            return List.copyOf(d.records);
        }
        return attemptNumber() == 1 ? List.of(firstRecord()) : List.of();
    }

    @Override
    public List<AttemptLogEntry> getErrorLogs() {
        ExecutionDetails d = d();
        return d == null || d.errorLogs == null ? List.of() : List.copyOf(d.errorLogs);
    }

    @Override
    public List<AttemptLogEntry> getSuccessfulAttempts() {
        ExecutionDetails d = d();
        return d == null || d.successLogs == null ? List.of() : List.copyOf(d.successLogs);
    }

    @Override
    public int getTotalAttempts() {
        return attemptNumber();
    }

    @Override
    public long getExecutionTimeMillis() {
        return (endNanos - startNanos) / 1_000_000;
    }

    @Override
    public ExecutionMetrics getMetrics() {
        ExecutionDetails d = d();
        int n = attemptNumber();
        long attemptNanos = d != null ? d.attemptTimeSum : n == 1 ? endNanos - startNanos : 0;
        double average = n == 0 ? 0 : attemptNanos / 1e6 / n;
        int successes = successCount();
        return new ExecutionMetrics(n, successes, n - successes, (endNanos - startNanos) / 1e6,
                average);
    }

    @Override
    public ValidationResult getValidation() {
        ExecutionDetails d = d();
        return d == null ? null : d.validation;
    }

    @Override
    public Map<String, Object> getExecutionContext() {
        return options.executionContext();
    }

    @Override
    public String toString() {
        return "StableResult[success=" + isSuccess() + ", attempts=" + attemptNumber() + ", error=" + getError() + "]";
    }
}
