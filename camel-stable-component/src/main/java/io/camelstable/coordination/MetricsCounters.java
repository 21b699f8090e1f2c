package io.camelstable.coordination;

import java.util.concurrent.atomic.LongAdder;

/** The mutable counts behind {@link CoordinatorMetrics}, one set per coordinator, whatever its implementation. */
public final class MetricsCounters {

    public final LongAdder lockAcquisitions = new LongAdder();
    public final LongAdder lockReleases = new LongAdder();
    public final LongAdder lockConflicts = new LongAdder();
    public final LongAdder lockExpirations = new LongAdder();
    public final LongAdder stateOperations = new LongAdder();
    public final LongAdder messagesSent = new LongAdder();
    public final LongAdder messagesReceived = new LongAdder();
    public final LongAdder messagesDead = new LongAdder();
    public final LongAdder duplicatesDropped = new LongAdder();
    public final LongAdder leaderElections = new LongAdder();
    public final LongAdder transactionsCommitted = new LongAdder();
    public final LongAdder transactionsFailed = new LongAdder();

    public CoordinatorMetrics snapshot(String nodeId) {
        return new CoordinatorMetrics(nodeId, lockAcquisitions.sum(), lockReleases.sum(), lockConflicts.sum(),
                lockExpirations.sum(), stateOperations.sum(), messagesSent.sum(), messagesReceived.sum(),
                messagesDead.sum(), duplicatesDropped.sum(), leaderElections.sum(), transactionsCommitted.sum(),
                transactionsFailed.sum());
    }
}
