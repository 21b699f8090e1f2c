package io.camelstable.limit;

/** A limiter refused a call because its wait queue was full. */
public class LimitExceededException extends RuntimeException {

    private final String limiterName;

    /**
     * @param limiterName the limiter
     * @param message     what was full
     */
    public LimitExceededException(String limiterName, String message) {
        super(message, null, false, false);
        this.limiterName = limiterName;
    }

    /** @return the limiter's name */
    public String getLimiterName() {
        return limiterName;
    }
}
