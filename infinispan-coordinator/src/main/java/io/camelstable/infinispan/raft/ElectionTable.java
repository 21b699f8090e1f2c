package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelstable.coordination.Leadership;
import io.camelstable.coordination.LeadershipEvent;
import io.camelstable.infinispan.ValueCodec;

/**
 * The replicated leader elections. A leader holds a lease that its node renews by campaigning again; a lease
 * that runs out is revoked by the next command on that election, and the longest-waiting live candidate is
 * elected with a higher epoch. Candidates are live while their node keeps campaigning, so a crashed node's
 * candidate is skipped. Quorum is the log's: nothing is decided without a majority of the configured members.
 */
final class ElectionTable {

    /** A leadership with the leader's lease end (0 when nobody leads). */
    record View(Leadership leadership, long expiresAt) {
    }

    private record Candidate(long lease, long lastSeen) {
    }

    private static final class Election {
        String leader;
        long epoch;
        long lease;
        long expiresAt;
        final LinkedHashMap<String, Candidate> followers = new LinkedHashMap<>();
    }

    private final Map<String, Election> elections = new HashMap<>();

    View campaign(String name, String candidateId, long lease, long now, MachineEvents events) {
        Election e = elections.computeIfAbsent(name, k -> new Election());
        expire(name, e, now, events);
        if (candidateId.equals(e.leader)) {
            e.expiresAt = now + lease; // the leader's heartbeat: same epoch, lease from now
        } else if (e.leader == null) {
            e.followers.remove(candidateId);
            elect(name, e, candidateId, lease, now, events);
        } else {
            // put on a present key keeps its place in the queue: a heartbeat does not lose arrival order
            e.followers.put(candidateId, new Candidate(lease, now));
        }
        return view(name, e, candidateId);
    }

    boolean resign(String name, String candidateId, long now, MachineEvents events) {
        Election e = elections.get(name);
        if (e == null) {
            return false;
        }
        expire(name, e, now, events);
        e.followers.remove(candidateId);
        boolean wasLeader = candidateId.equals(e.leader);
        if (wasLeader) {
            revoke(name, e, events);
            electNext(name, e, now, events);
        }
        dropIfIdle(name, e);
        return wasLeader;
    }

    View leader(String name, long now, MachineEvents events) {
        Election e = elections.get(name);
        if (e == null) {
            return new View(null, 0);
        }
        expire(name, e, now, events);
        return e.leader == null ? new View(null, 0) : view(name, e, e.leader);
    }

    private static View view(String name, Election e, String asker) {
        return new View(new Leadership(name, e.leader, e.epoch, asker.equals(e.leader)), e.expiresAt);
    }

    private void expire(String name, Election e, long now, MachineEvents events) {
        if (e.leader != null && now >= e.expiresAt) {
            revoke(name, e, events);
            electNext(name, e, now, events);
        }
    }

    private static void revoke(String name, Election e, MachineEvents events) {
        events.leadership(new LeadershipEvent(name, LeadershipEvent.Type.REVOKED, e.leader, e.epoch), 0);
        e.leader = null;
        e.expiresAt = 0;
    }

    private static void electNext(String name, Election e, long now, MachineEvents events) {
        Iterator<Map.Entry<String, Candidate>> it = e.followers.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Candidate> next = it.next();
            it.remove();
            Candidate c = next.getValue();
            if (now < c.lastSeen + c.lease) { // still campaigning within one lease: alive
                elect(name, e, next.getKey(), c.lease, now, events);
                return;
            }
        }
    }

    private static void elect(String name, Election e, String candidateId, long lease, long now,
                              MachineEvents events) {
        e.leader = candidateId;
        e.epoch++;
        e.lease = lease;
        e.expiresAt = now + lease;
        events.leadership(new LeadershipEvent(name, LeadershipEvent.Type.ELECTED, candidateId, e.epoch), e.expiresAt);
    }

    private void dropIfIdle(String name, Election e) {
        // the epoch must survive, so an election is kept while it has ever had a leader; only empty shells go
        if (e.leader == null && e.followers.isEmpty() && e.epoch == 0) {
            elections.remove(name);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(elections.size());
        for (Map.Entry<String, Election> entry : elections.entrySet()) {
            Election e = entry.getValue();
            ValueCodec.writeString(out, entry.getKey());
            ValueCodec.writeNullableString(out, e.leader);
            out.writeLong(e.epoch);
            out.writeLong(e.lease);
            out.writeLong(e.expiresAt);
            out.writeInt(e.followers.size());
            for (Map.Entry<String, Candidate> f : e.followers.entrySet()) {
                ValueCodec.writeString(out, f.getKey());
                out.writeLong(f.getValue().lease);
                out.writeLong(f.getValue().lastSeen);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        elections.clear();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            String name = ValueCodec.readString(in);
            Election e = new Election();
            e.leader = ValueCodec.readNullableString(in);
            e.epoch = in.readLong();
            e.lease = in.readLong();
            e.expiresAt = in.readLong();
            int followers = in.readInt();
            for (int f = 0; f < followers; f++) {
                e.followers.put(ValueCodec.readString(in), new Candidate(in.readLong(), in.readLong()));
            }
            elections.put(name, e);
        }
    }
}
