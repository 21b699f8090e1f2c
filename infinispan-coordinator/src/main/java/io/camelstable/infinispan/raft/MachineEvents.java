package io.camelstable.infinispan.raft;

import java.util.List;

import io.camelstable.coordination.LeadershipEvent;

/**
 * What the replicated state machine tells the node it runs in while applying a committed command. Called on
 * the log's applier thread, in log order, on every node: an implementation only records what concerns its own
 * node and hands user callbacks to another thread.
 */
interface MachineEvents {

    /** A queued waiter was granted the lock (by a release or an expiry of the holder before it). */
    void lockGranted(String key, String holderId, long token, long expiresAt);

    /** A lease ended: released by its holder ({@code lost} false), or expired or taken over ({@code lost} true). */
    void lockEnded(String key, String holderId, long token, boolean lost);

    /** A leader was elected or revoked; {@code expiresAt} is the new leader's lease end (0 for REVOKED). */
    void leadership(LeadershipEvent event, long expiresAt);

    /** A message was committed to a topic. */
    void published(TopicTable.Retained message);

    /** A subscriber (re)subscribed; {@code pending} are the retained messages it has not acknowledged. */
    void subscribed(String topic, String subscriberId, List<TopicTable.Retained> pending);

    /** A subscriber acknowledged a message, or gave up on it. */
    void acknowledged(String topic, String subscriberId, long sequence);

    /** Does nothing: for replaying a log or reading a snapshot where nobody listens. */
    MachineEvents NONE = new MachineEvents() {
        @Override
        public void lockGranted(String key, String holderId, long token, long expiresAt) {
        }

        @Override
        public void lockEnded(String key, String holderId, long token, boolean lost) {
        }

        @Override
        public void leadership(LeadershipEvent event, long expiresAt) {
        }

        @Override
        public void published(TopicTable.Retained message) {
        }

        @Override
        public void subscribed(String topic, String subscriberId, List<TopicTable.Retained> pending) {
        }

        @Override
        public void acknowledged(String topic, String subscriberId, long sequence) {
        }
    };
}
