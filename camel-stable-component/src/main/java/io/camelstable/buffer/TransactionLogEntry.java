package io.camelstable.buffer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One committed transaction: what ran and what it changed. It holds the caller's parameters and the changed
 * values, nothing else: no function objects, no exchange, no options (the seed's log dumped whole hook-option
 * objects, SPEC §4.2 #24).
 *
 * @param id          unique id of the entry
 * @param sequence    the buffer's commit number: 1 for its first commit, then one more per commit
 * @param time        when it was committed
 * @param buffer      the buffer's name
 * @param transaction the registered name of the transaction, or null for one given as code (then it can be
 *                    restored from its change but not replayed)
 * @param parameters  the parameters a named transaction was given (empty otherwise)
 * @param set         top-level keys the transaction set, with their new values
 * @param removed     top-level keys the transaction removed
 */
public record TransactionLogEntry(String id, long sequence, Instant time, String buffer, String transaction,
        Map<String, Object> parameters, Map<String, Object> set, List<String> removed) {

    /** Freezes the maps and the list. */
    public TransactionLogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(buffer, "buffer");
        parameters = DeepState.freeze(parameters == null ? Map.of() : parameters);
        set = DeepState.freeze(set == null ? Map.of() : set);
        removed = List.copyOf(removed == null ? List.of() : removed);
    }
}
