package io.camelstable.result;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one execution (all attempts of one exchange or call): the contract of DESIGN §5.
 * Routes find it in the exchange property {@code CamelStableResult}; a failed exchange carries it in
 * {@link StableExecutionException}.
 *
 * @param <T> the type of the data
 */
public interface StableResult<T> {

    /** @return whether the execution succeeded */
    boolean isSuccess();

    /** @return the response body or return value; null on failure */
    T getData();

    /** @return the final failure's message (secrets masked), null on success */
    String getError();

    /** @return the final failure, null on success */
    Throwable getFailure();

    /** @return whether the data came from a cache instead of a call */
    boolean isFromCache();

    /** @return every attempt, in order */
    List<AttemptRecord> getAttempts();

    /** @return failed attempts' log entries, when {@code logAllErrors} is on; else empty */
    List<AttemptLogEntry> getErrorLogs();

    /** @return successful attempts' log entries, when {@code logAllSuccessfulAttempts} is on; else empty */
    List<AttemptLogEntry> getSuccessfulAttempts();

    /** @return attempts started, a breaker- or limiter-blocked one included */
    int getTotalAttempts();

    /** @return milliseconds from the start of the execution to its result */
    long getExecutionTimeMillis();

    /** @return the attempt counts and times */
    ExecutionMetrics getMetrics();

    /** @return the guardrail check of this execution, or null when no guardrails are configured */
    io.camelstable.guardrail.ValidationResult getValidation();

    /** @return the execution context ids given with the options, never null */
    Map<String, Object> getExecutionContext();
}
