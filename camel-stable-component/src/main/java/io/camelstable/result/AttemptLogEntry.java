package io.camelstable.result;

import java.util.Map;

/**
 * An entry of {@code errorLogs} (with {@code logAllErrors}) or {@code successfulAttempts} (with
 * {@code logAllSuccessfulAttempts}), the seed's ERROR_LOG and SUCCESSFUL_ATTEMPT_DATA. Request headers are
 * included with {@code Authorization}, {@code Cookie}, {@code Proxy-Authorization} and the
 * {@code redactHeaders} names masked.
 *
 * @param attempt        "n/max"
 * @param timestamp      wall-clock start, epoch milliseconds
 * @param executionTime  the attempt's duration in milliseconds
 * @param statusCode     HTTP status, 0 when none
 * @param type           {@code HTTP_ERROR}, {@code INVALID_CONTENT}, {@code TIMEOUT}, {@code ERROR} or {@code SUCCESS}
 * @param error          the failure's message, null for successes
 * @param retryable      whether the failure could be retried
 * @param data           the response body or return value, for successes
 * @param requestHeaders the request's headers, masked; empty for functions
 */
public record AttemptLogEntry(String attempt, long timestamp, long executionTime, int statusCode, String type,
        String error, boolean retryable, Object data, Map<String, Object> requestHeaders) {
}
