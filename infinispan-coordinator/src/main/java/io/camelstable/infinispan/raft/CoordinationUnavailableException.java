package io.camelstable.infinispan.raft;

/**
 * The cluster could not commit a command in time: no majority is reachable, or no leader was elected within the
 * request timeout. For a write the outcome is unknown (it may still commit), so a caller that retries must make
 * the write idempotent (CAS on a version, an idempotency key, a fencing token).
 */
public class CoordinationUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was not committed and why
     * @param cause   the underlying failure
     */
    public CoordinationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
