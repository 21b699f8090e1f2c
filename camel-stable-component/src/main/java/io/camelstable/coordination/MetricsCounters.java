package io.camelstable.coordination;

import java.util.concurrent.atomic.LongAdder;

/** The mutable counts behind {@link CoordinatorMetrics}, shared by the in-memory parts. */
final class MetricsCounters {

    final LongAdder lockAcquisitions = new LongAdder();
    final LongAdder lockReleases = new LongAdder();
    final LongAdder lockConflicts = new LongAdder();
    final LongAdder lockExpirations = new LongAdder();
    final LongAdder stateOperations = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder messagesDead = new LongAdder();
    final LongAdder duplicatesDropped = new LongAdder();
    final LongAdder leaderElections = new LongAdder();
    final LongAdder transactionsCommitted = new LongAdder();
    final LongAdder transactionsFailed = new LongAdder();

    CoordinatorMetrics snapshot(String nodeId) {
        return new CoordinatorMetrics(nodeId, lockAcquisitions.sum(), lockReleases.sum(), lockConflicts.sum(),
                lockExpirations.sum(), stateOperations.sum(), messagesSent.sum(), messagesReceived.sum(),
                messagesDead.sum(), duplicatesDropped.sum(), leaderElections.sum(), transactionsCommitted.sum(),
                transactionsFailed.sum());
    }
}
