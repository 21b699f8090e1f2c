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
    private static final int STARTING = 0;
    private static final int ASYNC = 1;
    private static final int DONE_SYNC = 2;
    private static final int SUCCESS = 1;
    private static final int FROM_CACHE = 2;
    private static final int BREAKER_PERMIT = 4;
    private static final int CONCURRENCY_PERMIT = 8;
    private static final int WAITING_FOR_RATE = 16;
    /** A limiter made this attempt wait: its real start is later than its gates' first look at the clock. */
    private static final int WAITED = 32;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SETTLED = lookup.findVarHandle(Execution.class, "settled", int.class);
            SYNC = lookup.findVarHandle(Execution.class, "sync", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final StableEngine engine;
    final Attempt attempt;
    // two fields, not one shared by both: telling them apart by an interface instanceof cost about 60 ns a call
    private final Exchange exchange;
    private final Object arguments;
    private final Object token;
    private final ExecutionListener listener;
    private final Thread starter;
    ExecutionOptions options;
    ExecutionDetails d;

    @SuppressWarnings("unused") // accessed through SETTLED
    private volatile int settled;
    @SuppressWarnings("unused") // accessed through SYNC
    private volatile int sync;

    int attemptNumber;
    /** SUCCESS, FROM_CACHE and the permits held in the low byte; the latest HTTP status above it. */
    private int flags;
    private int rateTicket = -1;
    private long startNanos;
    private long attemptStartNanos;
    /** The end of the latest attempt, and at completion the end of the execution. */
    private long endNanos;
    /** The latest accepted attempt's raw value: the data of a successful execution. */
    private Object raw;

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
        attemptStartNanos = startNanos;
        if (options.preExecutionHook() != null && !ExecutionHooks.runPreExecutionHook(this)) {
            complete(false);
        } else if (!answeredFromCache()) {
            startAttempt();
        }
        // already done in this thread: no CAS needed (a failed CAS costs as much as a successful one)
        return sync == DONE_SYNC || !SYNC.compareAndSet(this, STARTING, ASYNC);
    }

    ExecutionDetails details() {
        if (d == null) {
            d = new ExecutionDetails();
            if (attemptNumber == 1 && raw != null && settled == 1) {
                // attempt 1 succeeded on the happy path, recorded only in the core fields: keep its record
                d.successes = 1;
                d.record(firstRecord(), options.attempts());
                d.attemptTimeSum = endNanos - attemptStartNanos;
            }
        }
        return d;
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
        flags |= FROM_CACHE;
        raw = policy.rawOf(this, entry);
        complete(true);
        return true;
    }

    /** Stores a final success: only an analyzer-accepted, real (not simulated) result reaches here. */
    private void storeInCache() {
        if (d != null && d.cacheKey != null && (flags & (SUCCESS | FROM_CACHE)) == SUCCESS && !options.trialMode().enabled()) {
            CacheEntry entry = options.cachePolicy().entryOf(this, raw, options.cache().getDefaultTtlMillis());
            if (entry != null) {
                options.cache().put(d.cacheKey, entry);
            }
        }
    }

    // ---- gates: breaker, rate limiter, concurrency limiter --------------------------------------------------

    private void startAttempt() {
        int n = ++attemptNumber;
        if (n > 1 || options.preExecutionHook() != null || d != null) {
            attemptStartNanos = engine.nanoTime();
        }
        StableCircuitBreaker breaker = options.circuitBreaker();
        if (breaker != null && (n == 1 || breaker.getConfig().trackIndividualAttempts())) {
            if (!breaker.tryAcquirePermission()) {
                notPermitted(n, new CircuitBreakerOpenException(breaker.getName(), breaker.getState()));
                return;
            }
            flags |= BREAKER_PERMIT;
        }
        if (options.rateLimiter() != null) {
            flags |= WAITING_FOR_RATE;
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
    public void granted(int ticket, boolean waited) {
        if (waited) {
            flags |= WAITED;
        }
        if ((flags & WAITING_FOR_RATE) != 0) {
            flags &= ~WAITING_FOR_RATE;
            rateTicket = ticket;
            afterRatePermit();
        } else {
            flags |= CONCURRENCY_PERMIT;
            call();
        }
    }

    @Override
    public void refused(RuntimeException refusal) {
        flags &= ~WAITING_FOR_RATE;
        if ((flags & BREAKER_PERMIT) != 0) {
            flags &= ~BREAKER_PERMIT;
            options.circuitBreaker().releasePermission();
        }
        notPermitted(attemptNumber, refusal);
    }

    /** A gate refused the attempt: no call was made, and retrying now would be refused again. */
    private void notPermitted(int n, RuntimeException refusal) {
        if (settle(n)) {
            endNanos = attemptStartNanos;
            recordFailure(n, AttemptStatus.NOT_PERMITTED, refusal, 0, false);
            complete(false);
        }
    }

    // ---- the call -----------------------------------------------------------------------------------------

    /** All gates passed: the call itself. */
    private void call() {
        int n = attemptNumber;
        if ((flags & WAITED) != 0) {
            // the wait for permits is not part of the attempt, and the rate window counts from the real start;
            // granted at once, the slot already holds this moment and no second clock read is needed
            flags &= ~WAITED;
            attemptStartNanos = engine.nanoTime();
            if (rateTicket >= 0) {
                options.rateLimiter().started(rateTicket, attemptStartNanos);
            }
        }
        rateTicket = -1;
        if (d != null && d.cancelled && settle(n)) {
            // cancelled while waiting for a permit: no call is made
            endNanos = attemptStartNanos;
            recordFailure(n, AttemptStatus.CANCELLED, new ExecutionCancelledException(n), 0, false);
            complete(false);
            return;
        }
        if (options.trialMode().enabled()) {
            simulate(n);
            return;
        }
        long timeout = options.attemptTimeout();
        if (timeout <= 0 && (d == null || !d.cancellable)) {
            try {
                attempt.start(this, this);
            } catch (RuntimeException e) {
                failed(n, e, 0, RetryAfter.NONE);
            }
            return;
        }
        // A timed attempt runs on a worker thread, so the timeout can interrupt a blocking call.
        // A cancellable execution's attempts run there too, so that cancel() can interrupt them.
        TimedAttemptRun run = new TimedAttemptRun(attempt, this, n);
        ExecutionDetails details = details();
        details.inFlight = run;
        if (timeout > 0) {
            details.timeoutTask = engine.scheduler().schedule(() -> timedOut(n, timeout), timeout);
        }
        if (details.cancelled) {
            // cancel() may have looked at inFlight before it was this run: stop it here (it then reports)
            run.cancel();
        }
        engine.worker().execute(run);
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
            if (!SETTLED.compareAndSet(this, n - 1, n)) {
                return false;
            }
        } else {
            // the attempt is the only reporter; a late or repeated report is still ignored
            if (settled != n - 1) {
                return false;
            }
            SETTLED.setRelease(this, n);
        }
        if ((flags & CONCURRENCY_PERMIT) != 0) {
            flags &= ~CONCURRENCY_PERMIT;
            options.concurrencyLimiter().release();
        }
        if (d != null) {
            d.timeoutTask.cancel();
        }
        return true;
    }

    private void timedOut(int n, long timeout) {
        if (settle(n)) {
            d.inFlight.cancel();
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
        if (d != null && d.cancelled) {
            // finished despite the cancellation (it ignored the interrupt): the caller no longer wants it
            attempt.discard(value);
            onFailure(n, AttemptStatus.FAILED, new ExecutionCancelledException(n), code, 0);
            return;
        }
        // a success nobody can see needs no end time (a failure, or a later attempt, still reads the clock)
        endNanos = d == null && options.successUnobserved() ? attemptStartNanos : engine.nanoTime();
        flags = (flags & 0xFF) | (code << 8);
        Throwable rejection = options.responseAnalyzer() == null ? null
                : ExecutionHooks.analyze(this, n, attempt.dataOf(value));
        if (rejection != null) {
            attempt.discard(value);
            // a rejected response is a failed attempt, always retryable, never a success
            recordFailure(n, AttemptStatus.REJECTED, rejection, code, true);
            next(false, true, RetryAfter.NONE);
            return;
        }
        if (d != null) {
            d.successes++;
        }
        if (raw != null && raw != value) {
            attempt.discard(raw);
        }
        raw = value;
        long nanos = endNanos - attemptStartNanos;
        if (d != null) {
            d.attemptTimeSum += nanos;
            d.record(new AttemptRecord(n, wallAt(attemptStartNanos), nanos / 1_000_000, AttemptStatus.SUCCEEDED, code, null,
                    false, 0), options.attempts());
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
        if (d != null && d.cancelled) {
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
        long nanos = endNanos - attemptStartNanos;
        details.lastError = error;
        details.attemptTimeSum += nanos;
        String message = Redaction.sanitize(String.valueOf(error.getMessage()), options.maxSerializableChars());
        details.record(new AttemptRecord(n, wallAt(attemptStartNanos), nanos / 1_000_000, status, code, message, retryable, 0),
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
        if ((flags & BREAKER_PERMIT) != 0 && options.circuitBreaker().getConfig().trackIndividualAttempts()) {
            flags &= ~BREAKER_PERMIT;
            options.circuitBreaker().onResult(failure, nanos);
        }
    }

    /** Decides between another attempt and the end, per SPEC §1.1 step 9 with our fixes. */
    private void next(boolean ok, boolean retryable, long retryAfterMillis) {
        boolean again = attemptNumber < options.attempts() && (ok ? options.performAllAttempts() : retryable);
        if (again && retryAfterMillis > options.backoff().maxAllowedWait()) {
            // honouring Retry-After is not possible within maxAllowedWait: stop rather than call early
            d.lastError = new IllegalStateException("Retry-After of " + retryAfterMillis + " ms exceeds maxAllowedWait of "
                    + options.backoff().maxAllowedWait() + " ms; not retrying", d.lastError);
            again = false;
        }
        if (!again) {
            complete(ok);
            return;
        }
        ExecutionDetails details = details();
        long delay = Math.max(options.backoff().delayAfter(attemptNumber, details.lastDelay, engine.random()),
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
        ExecutionDetails details = d;
        if (details == null || !details.cancellable || details.cancelled) {
            return;
        }
        details.cancelled = true;
        if (engine.resume(this)) {
            abort(new ExecutionCancelledException(attemptNumber + 1));
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
        if (d != null || attemptNumber == 0) {
            endNanos = engine.nanoTime();
        }
        boolean ok = lastOk || (options.performAllAttempts() && successCount() > 0);
        if (ok) {
            flags |= SUCCESS;
        } else {
            if (raw != null) {
                attempt.discard(raw);
                raw = null;
            }
            ExecutionHooks.fail(this, d == null ? null : d.lastError);
        }
        if ((flags & BREAKER_PERMIT) != 0) {
            flags &= ~BREAKER_PERMIT;
            if (d != null && d.cancelled) {
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
        boolean success = (flags & SUCCESS) != 0;
        boolean raise = !success && !d.suppressed && options.throwOnFailure();
        boolean doneSync = Thread.currentThread() == starter && SYNC.compareAndSet(this, STARTING, DONE_SYNC);
        listener.onComplete(this, success ? raw : null, raise, exchange(), token, doneSync);
    }

    /** @return successful attempts: kept in the details, or on the happy path implied by the accepted result */
    int successCount() {
        return d != null ? d.successes : attemptNumber == 1 && raw != null ? 1 : 0;
    }

    /** Turns a success into a failure (an enforced guardrail). */
    void markFailed() {
        flags &= ~SUCCESS;
    }

    private long wallAt(long nanos) {
        return engine.wallAt(nanos);
    }

    private AttemptRecord firstRecord() {
        return new AttemptRecord(1, wallAt(attemptStartNanos), (endNanos - attemptStartNanos) / 1_000_000,
                AttemptStatus.SUCCEEDED, flags >>> 8, null, false, 0);
    }

    /** @return when the current attempt started, epoch milliseconds */
    long attemptStartWall() {
        return wallAt(attemptStartNanos);
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
        return (flags & SUCCESS) != 0;
    }

    @Override
    public Object getData() {
        return isSuccess() ? attempt.dataOf(raw) : null;
    }

    @Override
    public String getError() {
        return d == null ? null : d.errorMessage;
    }

    @Override
    public Throwable getFailure() {
        return d == null ? null : d.failure;
    }

    @Override
    public boolean isFromCache() {
        return (flags & FROM_CACHE) != 0;
    }

    @Override
    public List<AttemptRecord> getAttempts() {
        if (d != null && d.records != null) {
            return List.copyOf(d.records);
        }
        return attemptNumber == 1 ? List.of(firstRecord()) : List.of();
    }

    @Override
    public List<AttemptLogEntry> getErrorLogs() {
        return d == null || d.errorLogs == null ? List.of() : List.copyOf(d.errorLogs);
    }

    @Override
    public List<AttemptLogEntry> getSuccessfulAttempts() {
        return d == null || d.successLogs == null ? List.of() : List.copyOf(d.successLogs);
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
    public ExecutionMetrics getMetrics() {
        long attemptNanos = d != null ? d.attemptTimeSum : attemptNumber == 1 ? endNanos - attemptStartNanos : 0;
        double average = attemptNumber == 0 ? 0 : attemptNanos / 1e6 / attemptNumber;
        int successes = successCount();
        return new ExecutionMetrics(attemptNumber, successes, attemptNumber - successes, (endNanos - startNanos) / 1e6,
                average);
    }

    @Override
    public ValidationResult getValidation() {
        return d == null ? null : d.validation;
    }

    @Override
    public Map<String, Object> getExecutionContext() {
        return options.executionContext();
    }

    @Override
    public String toString() {
        return "StableResult[success=" + isSuccess() + ", attempts=" + attemptNumber + ", error=" + getError() + "]";
    }
}
