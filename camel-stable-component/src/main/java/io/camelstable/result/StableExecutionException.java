package io.camelstable.result;

/**
 * An execution failed: every allowed attempt failed, an outcome was not retryable, or the pre-execution
 * hook failed. Carries the full {@link StableResult}; the cause is the last attempt's failure. Camel's
 * {@code onException} and dead letter channels handle it like any other exception.
 */
public class StableExecutionException extends RuntimeException {

    private final transient StableResult<?> result;

    /**
     * @param message the failure's description
     * @param result  the full result
     * @param cause   the last attempt's failure, may be null
     */
    public StableExecutionException(String message, StableResult<?> result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    /** @return the full result of the failed execution */
    public StableResult<?> getResult() {
        return result;
    }
}
