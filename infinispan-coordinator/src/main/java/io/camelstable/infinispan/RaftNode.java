package io.camelstable.infinispan;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.raft.blocks.CounterService;
import org.jgroups.raft.blocks.RaftSyncCounter;
import org.jgroups.stack.Protocol;

/**
 * One member of a jgroups-raft group: the consensus behind strict mode, where fencing tokens, leader epochs
 * and compare-and-swap must survive crashes and partitions (DESIGN §9 measured Infinispan's own counters losing
 * and duplicating acknowledged increments under {@code kill -9}). It runs on a base stack from {@link JGroupsStacks}
 * (SHARED_LOOPBACK in one JVM, TCP across processes) with an in-memory log.
 */
public final class RaftNode implements AutoCloseable {

    /** How long a counter operation waits for its commit unless {@link #requestTimeout} says otherwise. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(1);

    /** How often the leader resends log entries a follower has not acknowledged. */
    public static final Duration RESEND_INTERVAL = Duration.ofMillis(100);

    private final JChannel channel;
    private final RAFT raft;
    private final CounterService counters;

    /**
     * @param  group     the group's name
     * @param  raftId    this member's id, one of {@code members}
     * @param  members   every member's id: a majority of them is the quorum
     * @throws Exception when the channel cannot be created or connected
     */
    public RaftNode(String group, String raftId, List<String> members) throws Exception {
        this(group, raftId, members, JGroupsStacks.sharedLoopback());
    }

    /**
     * @param  group     the group's name
     * @param  raftId    this member's id, one of {@code members}
     * @param  members   every member's id: a majority of them is the quorum
     * @param  base      the base stack, transport first and FRAG4 last, for example {@link JGroupsStacks#tcp}
     * @throws Exception when the channel cannot be created or connected
     */
    public RaftNode(String group, String raftId, List<String> members, List<Protocol> base) throws Exception {
        // a log name of this instance's own: InMemoryLog keeps logs in a static map by name, so a second member
        // with the same id in one JVM would otherwise start from a closed member's stale log. Resends every 100 ms:
        // RAFT resends to a follower left behind only after its queue was idle for resend_interval; with the
        // library's 1 s and 1 s request timeouts, writes stalled for over 30 s after a kill -9 (RaftFailureTest)
        raft = new RAFT().members(members).raftId(raftId).logClass(InMemoryLog.class.getName())
                .logPrefix(group + "-" + raftId + "-" + UUID.randomUUID())
                .resendInterval(RESEND_INTERVAL.toMillis());
        List<Protocol> stack = JGroupsStacks.forRaft(base);
        stack.addAll(List.of(new ELECTION2(), raft, new REDIRECT()));
        channel = new JChannel(stack).name(raftId);
        // the library's default of 20 s leaves a writer hanging long after a leader died (DESIGN §9)
        // reads go through the log: the library's default (dirty reads) answered get() on a follower with a value
        // older than increments already acknowledged (seen in RaftFailureTest)
        counters = new CounterService(channel).replTimeout(DEFAULT_REQUEST_TIMEOUT.toMillis()).allowDirtyReads(false);
        channel.connect(group);
    }

    /**
     * @param  timeout how long a counter operation waits for its commit before it fails
     * @return         this node
     */
    public RaftNode requestTimeout(Duration timeout) {
        counters.replTimeout(timeout.toMillis());
        return this;
    }

    /**
     * @param  listener told this member's new role (Leader, Follower, Learner) on every change
     * @return          this node
     */
    public RaftNode onRoleChange(RAFT.RoleChange listener) {
        raft.addRoleListener(listener);
        return this;
    }

    /** @return the leader this member knows, or {@code null} */
    public String leader() {
        Address leader = raft.leader();
        return leader == null ? null : leader.toString();
    }

    /**
     * @param  name      the counter's name
     * @return           a counter whose every change is committed by a majority before it returns, and whose reads
     *                   are linearizable (they go through the log too)
     * @throws Exception when the group cannot create it (no leader, no majority)
     */
    public RaftSyncCounter counter(String name) throws Exception {
        return counters.getOrCreateCounter(name, 0);
    }

    /** @return whether this member leads now */
    public boolean isLeader() {
        return raft.isLeader();
    }

    /** @return whether this member knows a leader */
    public boolean hasLeader() {
        return raft.leader() != null;
    }

    /** @return the current term: it grows with every election, so a leader's term is its epoch */
    public long term() {
        return raft.currentTerm();
    }

    @Override
    public void close() {
        channel.close();
        try {
            raft.log().delete(); // drop the in-memory log from InMemoryLog's static map
        } catch (Exception e) {
            // nothing on disk to clean up
        }
    }
}
