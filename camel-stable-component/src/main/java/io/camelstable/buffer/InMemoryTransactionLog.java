package io.camelstable.buffer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the entries in memory, in commit order; for tests, and for replaying within one JVM. */
public final class InMemoryTransactionLog implements TransactionLogSink {

    private final List<TransactionLogEntry> entries = new CopyOnWriteArrayList<>();

    /** An empty log. */
    public InMemoryTransactionLog() {
    }

    @Override
    public void append(TransactionLogEntry entry) {
        entries.add(entry);
    }

    /** @return the entries so far, oldest first (an unmodifiable copy) */
    public List<TransactionLogEntry> entries() {
        return List.copyOf(entries);
    }
}
