package io.camelstable.policy;

import java.util.List;
import java.util.Set;

/**
 * Decides whether a failed attempt may be retried. HTTP outcomes (status &gt; 0) follow status rules:
 * ≥ 500, 408 and 429 are retryable, other codes only when listed in {@code retryableStatusCodes}
 * (so 409 is not retried by default, unlike the seed). Thrown errors without a status (connection
 * refused or reset, timeouts, exceptions from functions or other delegates) are retryable unless an
 * {@code abortOn} class matches, or {@code retryOn} is given and none of its classes matches. Classes
 * match anywhere in the cause chain.
 *
 * @param retryOn              when non-empty, only these exception types are retried
 * @param abortOn              these exception types are never retried (wins over {@code retryOn})
 * @param retryableStatusCodes extra HTTP status codes to retry (opt-in, for example 409)
 */
public record RetryClassifier(List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> abortOn,
        Set<Integer> retryableStatusCodes) {

    /** The defaults described above. */
    public static final RetryClassifier DEFAULT = new RetryClassifier(List.of(), List.of(), Set.of());

    /** Copies the collections so the record stays immutable. */
    public RetryClassifier {
        retryOn = List.copyOf(retryOn);
        abortOn = List.copyOf(abortOn);
        retryableStatusCodes = Set.copyOf(retryableStatusCodes);
    }

    /**
     * @param  error      the failure, may be null for a plain failed HTTP status
     * @param  statusCode the HTTP status, or 0 when there is none
     * @return            whether another attempt may follow
     */
    public boolean isRetryable(Throwable error, int statusCode) {
        if (error instanceof TrialModeFailure simulated) {
            return simulated.isRetryable();
        }
        if (statusCode > 0) {
            return statusCode >= 500 || statusCode == 408 || statusCode == 429
                    || retryableStatusCodes.contains(statusCode);
        }
        if (error == null) {
            return true;
        }
        if (matches(abortOn, error)) {
            return false;
        }
        return retryOn.isEmpty() || matches(retryOn, error);
    }

    private static boolean matches(List<Class<? extends Throwable>> types, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
