package io.camelstable.policy;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} value (delta-seconds or an HTTP-date) into milliseconds from now. */
public final class RetryAfter {

    /** Returned when there is no usable value. */
    public static final long NONE = -1;

    private RetryAfter() {
    }

    /**
     * @param  value       the header value, may be null
     * @param  nowEpochMs  the current wall-clock time, for HTTP-dates
     * @return             milliseconds to wait (≥ 0), or {@link #NONE}
     */
    public static long parseMillis(String value, long nowEpochMs) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? NONE : Math.multiplyExact(seconds, 1000L);
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - nowEpochMs);
            } catch (DateTimeParseException notADate) {
                return NONE;
            }
        }
    }
}
