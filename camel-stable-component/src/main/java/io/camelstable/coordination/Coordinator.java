package io.camelstable.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.camelstable.engine.Cancellable;

/**
 * Coordination between nodes: fenced locks, versioned state, leader election, pub/sub, multi-key transactions
 * and counters. Every operation returns a {@link CompletableFuture} and never blocks a thread while waiting
 * (for a lock, a lease or a redelivery); waiting is done by timers. Names follow the seed's
 * {@code DistributedCoordinator} where it has one. Calls after {@link #close()} complete exceptionally with
 * {@link IllegalStateException}.
 */
public interface Coordinator extends AutoCloseable {

    /** @return this node's id */
    String nodeId();

    // ---- locks

    /**
     * Acquires a lease on {@code key}. When it is held, waits up to {@code options.waitTimeout()} (zero: fails at
     * once). Locks are not re-entrant: each acquisition is a distinct holder with its own fencing token.
     *
     * @param  key     the lock key
     * @param  options lease length, wait timeout and auto-renewal
     * @return         the result; when acquired, a handle whose fencing token exceeds every earlier one for the key
     */
    CompletableFuture<LockResult> acquireLock(String key, LockOptions options);

    /**
     * Extends the lease to now + its TTL (never from the previous expiry, so the lease cannot grow unbounded).
     *
     * @param  handle the lease
     * @return        true if renewed; false if it had already expired, been released or been taken over
     */
    CompletableFuture<Boolean> renew(LockHandle handle);

    /**
     * Releases the lease if this handle still holds it; a waiter, if any, gets the lock with a new token.
     *
     * @param  handle the lease
     * @return        true if it was held and is now released
     */
    CompletableFuture<Boolean> releaseLock(LockHandle handle);

    /**
     * @param  key   the lock key
     * @param  token a fencing token
     * @return       true only if {@code token} is the newest token for {@code key} and its lease is still live
     */
    CompletableFuture<Boolean> validateFencingToken(String key, long token);

    // ---- state

    /**
     * @param  key the state key
     * @return     the live value with its version, or empty if absent or expired
     */
    CompletableFuture<Optional<Versioned<Object>>> getState(String key);

    /**
     * Writes unconditionally.
     *
     * @param  key   the state key
     * @param  value the value, not null
     * @param  ttl   how long it lives; null or zero: until overwritten or deleted
     * @return       the written value with its new version
     */
    CompletableFuture<Versioned<Object>> setState(String key, Object value, Duration ttl);

    /**
     * @param  key the state key
     * @return     true if a live value was removed
     */
    CompletableFuture<Boolean> deleteState(String key);

    /**
     * Writes only if the key's current version is {@code expectedVersion}. The new value keeps no TTL.
     *
     * @param  key             the state key
     * @param  expectedVersion the version required; 0 means the key must be absent
     * @param  value           the new value, not null
     * @return                 whether it swapped, and the value now current
     */
    CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value);

    // ---- leader election

    /**
     * Enters {@code candidateId} in {@code election}. If nobody leads and a quorum (majority of the configured
     * members) is reachable, it becomes leader with a new, higher epoch; otherwise it waits as a follower and
     * takes over, with a new epoch, when the leader resigns. Campaigning again as leader changes nothing.
     *
     * @param  election    the election name
     * @param  candidateId the candidate
     * @return             the leadership as seen by that candidate
     */
    CompletableFuture<Leadership> campaign(String election, String candidateId);

    /**
     * Leaves the election. If the candidate was leader, a REVOKED event is published and the next candidate
     * (if any) is elected with a higher epoch.
     *
     * @param  election    the election name
     * @param  candidateId the candidate
     * @return             true if the candidate was leader
     */
    CompletableFuture<Boolean> resign(String election, String candidateId);

    /**
     * @param  election the election name
     * @return          the current leader (with {@code isLeader} true), or empty when nobody leads
     */
    CompletableFuture<Optional<Leadership>> getLeader(String election);

    /**
     * Listens to leadership changes of one election.
     *
     * @param  election the election name
     * @param  listener receives ELECTED and REVOKED events, in order
     * @return          a handle that stops listening
     */
    Cancellable onLeadershipChange(String election, Consumer<LeadershipEvent> listener);

    // ---- pub/sub

    /**
     * Publishes to {@code topic}. At-least-once and effectively-once messages are retained (bounded) so a
     * subscriber that is down or not yet subscribed receives them when it subscribes.
     *
     * @param  topic   the topic
     * @param  message the payload
     * @param  options the delivery guarantee and idempotency key
     * @return         the message id and sequence, or the earlier one if it was a dropped duplicate
     */
    CompletableFuture<PublishResult> publish(String topic, Object message, PublishOptions options);

    /**
     * Subscribes durably as {@code subscriberId}: retained messages it has not acknowledged are delivered at once.
     * A subscriber id has at most one active handler per topic; subscribing again replaces it.
     *
     * @param  topic        the topic
     * @param  subscriberId the durable subscriber id
     * @param  handler      receives messages and dead-letter notices
     * @return              the subscription
     */
    CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler);

    // ---- transactions and counters

    /**
     * Applies the operations in order, all or nothing, atomically with respect to every other state operation.
     *
     * @param  operations the operations; two on one key are allowed and see each other
     * @return            COMMITTED with one result per operation, or FAILED with the reason and nothing applied
     */
    CompletableFuture<TransactionResult> executeTransaction(List<TxOperation> operations);

    /**
     * @param  key   the counter (counters are separate from state keys)
     * @param  delta the amount, may be negative
     * @return       the new value; a counter starts at 0
     */
    CompletableFuture<Long> incrementCounter(String key, long delta);

    /**
     * @param  key the counter
     * @return     its value, 0 if never incremented
     */
    CompletableFuture<Long> getCounter(String key);

    /** @return a snapshot of the counts */
    CoordinatorMetrics getMetrics();

    /**
     * Stops this coordinator's own timers, releases its locks, revokes its leaderships and stops delivery.
     * Idempotent; affects no other coordinator.
     */
    @Override
    void close();
}
