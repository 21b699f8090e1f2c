package io.camelstable.engine;

/**
 * How an {@link Attempt} reports its outcome. Exactly one method is called once per started attempt;
 * the attempt number lets the engine ignore a late report from an attempt it already timed out.
 */
public interface AttemptCallback {

    /**
     * @param attemptNumber the attempt reporting
     * @param value         the raw outcome (the attempt's exchange for delegates, the return value for functions)
     * @param statusCode    HTTP status, 0 when none
     */
    void succeeded(int attemptNumber, Object value, int statusCode);

    /**
     * @param attemptNumber    the attempt reporting
     * @param error            the failure, never null
     * @param statusCode       HTTP status, 0 when none
     * @param retryAfterMillis a server's {@code Retry-After}, or -1
     */
    void failed(int attemptNumber, Throwable error, int statusCode, long retryAfterMillis);
}
