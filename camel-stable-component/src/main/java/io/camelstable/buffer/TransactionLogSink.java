package io.camelstable.buffer;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where a buffer's committed transactions go. The buffer appends an entry before it makes the change
 * visible, one entry at a time per buffer, so a sink that fails makes the transaction fail and the state
 * stays as it was: the log never misses a change that readers have seen.
 */
public interface TransactionLogSink extends Closeable {

    /**
     * @param  entry       the committed transaction
     * @throws IOException when the entry could not be stored (the transaction then fails)
     */
    void append(TransactionLogEntry entry) throws IOException;

    /** Releases what the sink holds open; it may open it again on the next append. */
    @Override
    default void close() throws IOException {
    }
}
