package io.camelstable.buffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A replay or restore, checked before it is queued: the entries of one buffer in sequence order, each id once.
 * Applying it is the body of one transaction, so a failure half-way leaves the state as it was.
 */
final class LogRecovery {

    private final List<TransactionLogEntry> entries;
    private final TransactionRegistry registry;
    private final int skipped;
    private final long lastSequence;

    private LogRecovery(List<TransactionLogEntry> entries, TransactionRegistry registry, int skipped, long lastSequence) {
        this.entries = entries;
        this.registry = registry;
        this.skipped = skipped;
        this.lastSequence = lastSequence;
    }

    /** A restore: each entry's recorded change, no transaction code. */
    static LogRecovery restore(String buffer, List<TransactionLogEntry> log) {
        List<TransactionLogEntry> ordered = ordered(buffer, log);
        return new LogRecovery(ordered, null, log.size() - ordered.size(), last(ordered));
    }

    /** A replay: each entry's named transaction with its parameters. */
    static LogRecovery replay(String buffer, List<TransactionLogEntry> log, TransactionRegistry registry,
            boolean skipUnknown) {
        List<TransactionLogEntry> ordered = ordered(buffer, log);
        List<TransactionLogEntry> known = new ArrayList<>();
        for (TransactionLogEntry e : ordered) {
            if (registry.get(e.transaction()) != null) {
                known.add(e);
            } else if (!skipUnknown) {
                throw new IllegalArgumentException(e.transaction() == null
                        ? "Cannot replay entry " + e.sequence() + " (id " + e.id() + ") of StableBuffer '" + buffer
                          + "': it was a transaction given as code, which has no registered name. Restore the log"
                          + " instead, or replay with skipUnknown"
                        : "Cannot replay entry " + e.sequence() + " (id " + e.id() + ") of StableBuffer '" + buffer
                          + "': no transaction is registered as '" + e.transaction() + "'; registered: "
                          + registry.names());
            }
        }
        return new LogRecovery(known, registry, log.size() - known.size(), last(ordered));
    }

    /**
     * The log of one buffer applies to any buffer (a copy); from a log that several buffers share, only the
     * entries of the buffer of this name are taken.
     */
    private static List<TransactionLogEntry> ordered(String buffer, List<TransactionLogEntry> log) {
        boolean shared = log.stream().map(TransactionLogEntry::buffer).distinct().count() > 1;
        List<TransactionLogEntry> mine = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (TransactionLogEntry e : log) {
            if ((!shared || e.buffer().equals(buffer)) && ids.add(e.id())) {
                mine.add(e);
            }
        }
        mine.sort(Comparator.comparingLong(TransactionLogEntry::sequence));
        for (int i = 1; i < mine.size(); i++) {
            if (mine.get(i).sequence() == mine.get(i - 1).sequence()) {
                throw new IllegalArgumentException("The log of StableBuffer '" + buffer + "' has two entries with sequence "
                                                   + mine.get(i).sequence() + " (ids " + mine.get(i - 1).id() + " and "
                                                   + mine.get(i).id() + "): it mixes two histories");
            }
        }
        return mine;
    }

    private static long last(List<TransactionLogEntry> ordered) {
        return ordered.isEmpty() ? 0 : ordered.get(ordered.size() - 1).sequence();
    }

    /** @return the highest sequence among the buffer's entries: the buffer continues from it */
    long lastSequence() {
        return lastSequence;
    }

    /** Applies every entry to the working copy, in order. */
    RecoveryResult apply(Map<String, Object> state) throws Exception {
        for (TransactionLogEntry e : entries) {
            if (registry == null) {
                e.removed().forEach(state::remove);
                state.putAll(e.set());
            } else {
                registry.get(e.transaction()).apply(state, e.parameters());
            }
        }
        return new RecoveryResult(entries.size(), skipped, lastSequence);
    }
}
