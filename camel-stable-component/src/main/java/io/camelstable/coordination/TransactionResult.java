package io.camelstable.coordination;

import java.util.List;

/**
 * The answer to {@link Coordinator#executeTransaction}.
 *
 * @param status  the final status
 * @param results on commit, one entry per operation in order: the value it left (null after DELETE)
 * @param error   why it failed, or null
 */
public record TransactionResult(TransactionStatus status, List<Versioned<Object>> results, String error) {

    /** Copies the results. */
    public TransactionResult {
        results = results == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(results));
    }

    /** @return whether everything was applied */
    public boolean committed() {
        return status == TransactionStatus.COMMITTED;
    }
}
