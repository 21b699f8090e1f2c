package io.camelstable.engine;

/** The response analyzer rejected an attempt's content (or threw, which is the cause). */
public class ResponseRejectedException extends Exception {

    /**
     * @param message what was rejected
     * @param cause   the analyzer's own failure, or null when it returned false
     */
    public ResponseRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
