package io.camelstable.coordination;

/**
 * Transaction statuses, as in the seed. {@link Coordinator#executeTransaction} ends in {@link #COMMITTED},
 * {@link #FAILED} or {@link #TIMEOUT}; the others name the intermediate states a clustered two-phase
 * implementation passes through.
 */
public enum TransactionStatus {
    /** Begun, operations being added. */
    PENDING,
    /** Every operation validated and staged. */
    PREPARED,
    /** Every operation applied. */
    COMMITTED,
    /** Abandoned before commit; nothing applied. */
    ROLLED_BACK,
    /** An operation could not apply (a CAS mismatch, a non-numeric INCREMENT); nothing applied. */
    FAILED,
    /** The transaction outlived its timeout; nothing applied. */
    TIMEOUT
}
