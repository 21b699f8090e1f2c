package io.camelstable.infinispan;

import java.util.List;

import org.jgroups.JChannel;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.raft.blocks.CounterService;
import org.jgroups.raft.blocks.RaftSyncCounter;

/**
 * One member of a jgroups-raft group: the consensus behind strict mode, where fencing tokens, leader epochs
 * and compare-and-swap must survive crashes and partitions (DESIGN §9 measured Infinispan's own counters losing
 * and duplicating acknowledged increments under {@code kill -9}). This first form runs its members in one JVM
 * over SHARED_LOOPBACK with an in-memory log; the file log and TCP stack come with the multi-JVM tests.
 */
public final class RaftNode implements AutoCloseable {

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
        raft = new RAFT().members(members).raftId(raftId).logClass(InMemoryLog.class.getName());
        channel = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), new NAKACK2(), new UNICAST3(),
                new STABLE(), new NO_DUPES(), new GMS().setJoinTimeout(500).printLocalAddress(false), new UFC(), new MFC(), new FRAG4(),
                new ELECTION2(), raft, new REDIRECT()).name(raftId);
        counters = new CounterService(channel);
        channel.connect(group);
    }

    /**
     * @param  name      the counter's name
     * @return           a counter whose every change is committed by a majority before it returns
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
    }
}
