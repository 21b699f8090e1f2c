package io.camelstable.engine;

import java.util.concurrent.TimeoutException;

/** An attempt did not finish within {@code attemptTimeout}; it was cancelled. */
public class AttemptTimeoutException extends TimeoutException {

    /**
     * @param attempt the attempt number
     * @param timeout the timeout in milliseconds
     */
    public AttemptTimeoutException(int attempt, long timeout) {
        super("Attempt " + attempt + " exceeded attemptTimeout of " + timeout + " ms and was cancelled");
    }
}
