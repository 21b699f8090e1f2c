package io.camelstable.infinispan.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jgroups.JChannel;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.raft.RaftHandle;
import org.jgroups.stack.Protocol;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.CoordinatorMetrics;
import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.MessageHandler;
import io.camelstable.coordination.MetricsCounters;
import io.camelstable.coordination.PublishOptions;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.Subscription;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TransactionStatus;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;
import io.camelstable.engine.Cancellable;
import io.camelstable.infinispan.JGroupsStacks;
import io.camelstable.infinispan.ValueCodec;

/**
 * The strict-mode {@link Coordinator}: every operation, reads included, is a command in one jgroups-raft log,
 * answered only after a majority of the configured members committed it, and applied in the same order on every
 * member. So locks with fencing tokens, CAS, counters, transactions, leader epochs and message retention are
 * linearizable and survive the crash of any minority (DESIGN §9 measured Infinispan's own counters and
 * conditional writes losing and duplicating acknowledged operations under {@code kill -9}; Raft did not).
 * Leases (locks and leaderships) are times in the log; a node treats its own leases as ended a safety margin
 * before the log does, so a node cut off from the majority stops before another can take over.
 */
public final class RaftCoordinator implements Coordinator {

    private static final long RESEND_MILLIS = 100;

    private final RaftSettings settings;
    private final String incarnation = UUID.randomUUID().toString().substring(0, 8);
    private final JChannel channel;
    private final RaftHandle raft;
    private final CoordinationMachine machine;
    private final ScheduledExecutorService timers;
    private final ExecutorService callbacks;
    private final ExecutorService replies;
    private final LogClient log;
    private final MetricsCounters metrics = new MetricsCounters();
    private final RaftLocks locks;
    private final RaftElections elections;
    private final RaftTopics topics;
    private volatile boolean closed;

    /**
     * Joins the group and starts applying its log. Calls made before a leader is elected wait for one, up to the
     * request timeout.
     *
     * @param  settings  the group, this member and the timings
     * @param  baseStack the JGroups protocols from the transport up (for example {@code JGroupsStacks}); the
     *                   Raft protocols are added on top
     * @throws Exception when the channel cannot be created or connected
     */
    public RaftCoordinator(RaftSettings settings, List<Protocol> baseStack) throws Exception {
        this.settings = Objects.requireNonNull(settings, "settings");
        String node = settings.nodeId();
        timers = Executors.newSingleThreadScheduledExecutor(daemon("camel-stable-raft-timer-" + node));
        callbacks = Executors.newSingleThreadExecutor(daemon("camel-stable-raft-callback-" + node));
        replies = Executors.newFixedThreadPool(2, daemon("camel-stable-raft-reply-" + node));
        machine = new CoordinationMachine(settings.delivery());
        // resends every 100 ms: with the library's 1 s, a follower behind a new leader after a kill -9 stalled
        // writes for over 30 s (RaftFailureTest); and also while busy, or a lagging follower never catches up
        // under load (ResendingRaft)
        RAFT protocol = new ResendingRaft().members(settings.members()).raftId(node).resendInterval(RESEND_MILLIS);
        if (settings.logDir() == null) {
            // InMemoryLog keeps its logs in a static map by name: a name of this instance's own keeps a second
            // coordinator with the same id in one JVM (tests, a restart in place) from taking over a stale log
            protocol.logClass(InMemoryLog.class.getName()).logPrefix(settings.group() + "-" + node + "-" + incarnation);
        } else {
            // synced on every append: Raft may only acknowledge what a crash of the machine cannot take back
            // (jgroups-raft leaves it off by default, which survives a kill -9 of the process but not a power loss)
            protocol.logClass(FileBasedLog.class.getName()).logDir(settings.logDir()).logUseFsync(true);
        }
        List<Protocol> stack = JGroupsStacks.forRaft(baseStack);
        stack.add(new ELECTION2());
        stack.add(protocol);
        stack.add(new REDIRECT());
        channel = new JChannel(stack).name(node);
        raft = new RaftHandle(channel, machine);
        long margin = settings.safetyMargin().toMillis();
        log = new LogClient(raft, timers, replies, settings.requestTimeout().toMillis());
        locks = new RaftLocks(log, timers, callbacks, node, incarnation, margin, metrics);
        elections = new RaftElections(log, timers, callbacks, settings.leaderLease().toMillis(), margin, metrics);
        topics = new RaftTopics(log, timers, callbacks, settings.delivery(), metrics);
        machine.events(new NodeEvents());
        channel.connect(settings.group());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Routes what the log applies to this node's parts; runs on the log's applier thread. */
    private final class NodeEvents implements MachineEvents {
        @Override
        public void lockGranted(String key, String holderId, long token, long expiresAt) {
            locks.granted(holderId, token, expiresAt);
        }

        @Override
        public void lockEnded(String key, String holderId, long token, boolean lost) {
            locks.ended(holderId, lost);
        }

        @Override
        public void leadership(LeadershipEvent event, long expiresAt) {
            elections.applied(event, expiresAt);
        }

        @Override
        public void published(TopicTable.Retained message) {
            topics.published(message);
        }

        @Override
        public void subscribed(String topic, String subscriberId, List<TopicTable.Retained> pending) {
            topics.subscribed(topic, subscriberId, pending);
        }

        @Override
        public void acknowledged(String topic, String subscriberId, long sequence) {
            topics.acknowledged(topic, subscriberId, sequence);
        }
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    /** @return whether this member is the Raft leader now (the member that orders the log) */
    public boolean isRaftLeader() {
        return raft.isLeader();
    }

    /** @return whether this member knows a Raft leader, so commands can be committed */
    public boolean hasRaftLeader() {
        return raft.leader() != null;
    }

    /** @return the current Raft term */
    public long raftTerm() {
        return raft.currentTerm();
    }

    /**
     * @return whether this member can commit now: it sees a majority of the configured members in its view and
     *         knows a Raft leader. False in a minority partition, where every call fails after the request timeout.
     */
    public boolean hasQuorum() {
        org.jgroups.View view = channel.getView();
        if (view == null || raft.leader() == null) {
            return false;
        }
        long present = view.getMembers().stream().map(String::valueOf).filter(settings.members()::contains).count();
        return present > settings.members().size() / 2;
    }

    /** @return a one-line summary of this member's Raft state, for logs and health checks */
    public String raftStatus() {
        return "raft[" + nodeId() + " leader=" + raft.leader() + " term=" + raft.currentTerm() + " commit="
                + raft.commitIndex() + " appended=" + raft.lastApplied() + " view=" + channel.getView() + "]";
    }

    /**
     * Writes a snapshot of the replicated state now and truncates this member's log up to it (jgroups-raft also
     * does so by itself when the log grows past its size limit). A member too far behind is sent the snapshot.
     *
     * @throws Exception when the snapshot cannot be written
     */
    public void snapshot() throws Exception {
        raft.snapshot();
    }

    /**
     * @return the index of the last log entry this member applied to its state machine: its commit index, since
     *         jgroups-raft applies an entry as it learns it is committed ({@code RaftHandle.lastApplied()}, despite
     *         its name, is the last entry appended to the log, committed or not)
     */
    public long lastApplied() {
        return raft.commitIndex();
    }

    /** @return the JGroups channel, for tests that inject faults (DISCARD) and for health checks */
    public JChannel channel() {
        return channel;
    }

    // ---- locks

    @Override
    public CompletableFuture<LockResult> acquireLock(String key, LockOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        return open().thenCompose(x -> locks.acquire(key, options));
    }

    @Override
    public CompletableFuture<Boolean> renew(LockHandle handle) {
        return open().thenCompose(x -> locks.renew(handle));
    }

    @Override
    public CompletableFuture<Boolean> releaseLock(LockHandle handle) {
        return open().thenCompose(x -> locks.release(handle));
    }

    @Override
    public CompletableFuture<Boolean> validateFencingToken(String key, long token) {
        return open().thenCompose(x -> locks.validate(key, token));
    }

    // ---- state

    @Override
    public CompletableFuture<Optional<Versioned<Object>>> getState(String key) {
        Objects.requireNonNull(key, "key");
        return state(Op.GET, Commands.strings(key))
                .thenApply(reply -> Optional.ofNullable(versioned(reply)));
    }

    @Override
    public CompletableFuture<Versioned<Object>> setState(String key, Object value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ValueCodec.check(value);
        long ttlMillis = ttl == null ? 0 : ttl.toMillis();
        return state(Op.SET, out -> {
            ValueCodec.writeString(out, key);
            ValueCodec.write(out, value);
            out.writeLong(ttlMillis);
        }).thenApply(reply -> new Versioned<>(value, RaftLocks.readLong(reply.in())));
    }

    @Override
    public CompletableFuture<Boolean> deleteState(String key) {
        Objects.requireNonNull(key, "key");
        return state(Op.DELETE, Commands.strings(key)).thenApply(reply -> RaftLocks.readBoolean(reply.in()));
    }

    @Override
    public CompletableFuture<CasResult> compareAndSwap(String key, long expectedVersion, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ValueCodec.check(value);
        return state(Op.CAS, out -> {
            ValueCodec.writeString(out, key);
            out.writeLong(expectedVersion);
            ValueCodec.write(out, value);
        }).thenApply(reply -> new CasResult(RaftLocks.readBoolean(reply.in()), versioned(reply)));
    }

    private CompletableFuture<LogClient.Reply> state(Op op, Commands.Body body) {
        return open().thenCompose(x -> {
            metrics.stateOperations.increment();
            return log.submit(op, body);
        });
    }

    private static Versioned<Object> versioned(LogClient.Reply reply) {
        try {
            return CoordinationMachine.readVersioned(reply.in());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- leader election

    @Override
    public CompletableFuture<Leadership> campaign(String election, String candidateId) {
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(candidateId, "candidateId");
        return open().thenCompose(x -> elections.campaign(election, candidateId));
    }

    @Override
    public CompletableFuture<Boolean> resign(String election, String candidateId) {
        return open().thenCompose(x -> elections.resign(election, candidateId));
    }

    @Override
    public CompletableFuture<Optional<Leadership>> getLeader(String election) {
        return open().thenCompose(x -> elections.leader(election));
    }

    @Override
    public Cancellable onLeadershipChange(String election, Consumer<LeadershipEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return elections.listen(election, listener);
    }

    /**
     * @param  election    the election
     * @param  candidateId a candidate of this node
     * @return             whether this node believes the candidate leads now: elected, and its lease (minus the
     *                     safety margin) not yet over; false as soon as it cannot renew in time
     */
    public boolean isLeading(String election, String candidateId) {
        return elections.isLeading(election, candidateId);
    }

    // ---- pub/sub

    @Override
    public CompletableFuture<PublishResult> publish(String topic, Object message, PublishOptions options) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(options, "options");
        return open().thenCompose(x -> topics.publish(topic, message, options));
    }

    @Override
    public CompletableFuture<Subscription> subscribe(String topic, String subscriberId, MessageHandler handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(handler, "handler");
        return open().thenCompose(x -> topics.subscribe(topic, subscriberId, handler));
    }

    // ---- transactions and counters

    @Override
    public CompletableFuture<TransactionResult> executeTransaction(List<TxOperation> operations) {
        Objects.requireNonNull(operations, "operations");
        operations.forEach(op -> ValueCodec.check(op.value()));
        return open().thenCompose(x -> log.submit(Op.TRANSACTION,
                out -> CoordinationMachine.writeOperations(out, operations))).thenApply(reply -> {
                    try {
                        TransactionStatus status = TransactionStatus.values()[reply.in().readByte()];
                        String error = ValueCodec.readNullableString(reply.in());
                        int size = reply.in().readInt();
                        List<Versioned<Object>> results = new ArrayList<>(size);
                        for (int i = 0; i < size; i++) {
                            results.add(CoordinationMachine.readVersioned(reply.in()));
                        }
                        TransactionResult result = new TransactionResult(status, results, error);
                        (result.committed() ? metrics.transactionsCommitted : metrics.transactionsFailed).increment();
                        return result;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Override
    public CompletableFuture<Long> incrementCounter(String key, long delta) {
        Objects.requireNonNull(key, "key");
        return open().thenCompose(x -> log.submit(Op.INCREMENT_COUNTER, out -> {
            ValueCodec.writeString(out, key);
            out.writeLong(delta);
        })).thenApply(reply -> RaftLocks.readLong(reply.in()));
    }

    @Override
    public CompletableFuture<Long> getCounter(String key) {
        Objects.requireNonNull(key, "key");
        return open().thenCompose(x -> log.submit(Op.GET_COUNTER, Commands.strings(key)))
                .thenApply(reply -> RaftLocks.readLong(reply.in()));
    }

    @Override
    public CoordinatorMetrics getMetrics() {
        return metrics.snapshot(nodeId());
    }

    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private CompletableFuture<Void> open() {
        return closed ? CompletableFuture.failedFuture(
                new IllegalStateException("Coordinator " + nodeId() + " is closed")) : OPEN;
    }

    /**
     * Releases this node's locks and resigns its candidates (waiting at most the request timeout for the log to
     * take them, so the others need not wait for the leases to run out), tells local holders and listeners,
     * stops delivery and leaves the group.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<CompletableFuture<Boolean>> goodbyes = new ArrayList<>(locks.close());
        goodbyes.addAll(elections.close());
        closed = true;
        topics.close();
        try {
            CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new))
                    .get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort: leases that were not released run out in the log
        }
        log.close();
        channel.close();
        if (settings.logDir() == null) {
            try {
                raft.log().delete(); // an in-memory log is gone with its member: drop it from InMemoryLog's map
            } catch (Exception e) {
                // nothing on disk to clean up
            }
        }
        timers.shutdownNow();
        callbacks.shutdown();
        replies.shutdownNow();
    }
}
