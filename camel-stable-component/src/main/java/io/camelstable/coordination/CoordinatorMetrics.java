package io.camelstable.coordination;

/**
 * A snapshot of a coordinator's counts since it was created.
 *
 * @param nodeId              the node
 * @param lockAcquisitions    locks acquired
 * @param lockReleases        locks released by their holder
 * @param lockConflicts       acquisitions that failed or timed out because the lock was held
 * @param lockExpirations     leases lost without a release
 * @param stateOperations     get, set, delete and CAS calls
 * @param messagesSent        publishes that were not dropped as duplicates
 * @param messagesReceived    handler calls, redeliveries included
 * @param messagesDead        deliveries that reached the bound without an acknowledgement
 * @param duplicatesDropped   effectively-once publishes dropped for a repeated idempotency key
 * @param leaderElections     times a new leader was elected
 * @param transactionsCommitted transactions committed
 * @param transactionsFailed  transactions that applied nothing
 */
public record CoordinatorMetrics(
        String nodeId,
        long lockAcquisitions,
        long lockReleases,
        long lockConflicts,
        long lockExpirations,
        long stateOperations,
        long messagesSent,
        long messagesReceived,
        long messagesDead,
        long duplicatesDropped,
        long leaderElections,
        long transactionsCommitted,
        long transactionsFailed) {
}
