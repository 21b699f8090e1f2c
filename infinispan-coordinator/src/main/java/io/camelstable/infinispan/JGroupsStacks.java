package io.camelstable.infinispan;

import java.util.ArrayList;
import java.util.List;

import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.stack.Protocol;

/**
 * The JGroups base stacks, transport first and {@code FRAG4} last: Infinispan runs on one as it is, and raft adds
 * {@code ELECTION2}, {@code RAFT} and {@code REDIRECT} on top. Each call builds new protocol instances (a protocol
 * belongs to one channel).
 *
 * <p>
 * Failure detection on TCP: a process that dies (even by {@code kill -9}) has its sockets closed by the kernel, so
 * {@code FD_SOCK2} suspects it at once and {@code VERIFY_SUSPECT2} confirms within {@value #VERIFY_MS} ms. A process
 * that hangs or is cut off sends no heartbeats, and {@code FD_ALL3} suspects it after {@value #HEARTBEAT_TIMEOUT_MS} ms.
 * There is no {@code AUTH}: JGroups 5.5 has no shared-secret token any more, and {@code SYM_ENCRYPT} keyed from the
 * secret already keeps a node without it out (it cannot read the answer to its join).
 */
public final class JGroupsStacks {

    /** How long a suspicion is verified before the member is excluded. */
    static final long VERIFY_MS = 500;
    /** How long a silent member (hung, partitioned) is tolerated. */
    static final long HEARTBEAT_TIMEOUT_MS = 2_000;
    private static final long HEARTBEAT_INTERVAL_MS = 400;
    private static final long JOIN_TIMEOUT_MS = 1_000;

    private JGroupsStacks() {
    }

    /** @return the stack for members in one JVM (tests): no sockets at all */
    public static List<Protocol> sharedLoopback() {
        return new ArrayList<>(List.of(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), new NAKACK2(), new UNICAST3(),
                new STABLE(), gms(500), new UFC(), new MFC(), new FRAG4()));
    }

    /**
     * @param  settings where to bind, whom to ask at join time, and the optional secret
     * @return          TCP + TCPPING, failure detection tuned to about one second, and, with a secret,
     *                  {@code SYM_ENCRYPT} below {@code NAKACK2} (so retransmissions are encrypted too)
     */
    public static List<Protocol> tcp(TcpSettings settings) {
        List<Protocol> stack = new ArrayList<>();
        // JGroups 5.5's TCP leaves Nagle on (Infinispan's own tcp stack turns it off): small requests and answers
        // then wait for delayed ACKs; a default-mode round in three JVMs took 100-180 ms (median), not 20-70 ms
        stack.add(new TCP().tcpNodelay(true).setBindAddress(settings.bindInetAddress()).setBindPort(settings.bindPort())
                .setPortRange(0));
        stack.add(new TCPPING().initialHosts(settings.initialAddresses()).portRange(0));
        stack.add(new MERGE3().setMinInterval(1_000).setMaxInterval(3_000));
        stack.add(new FD_SOCK2());
        stack.add(new FD_ALL3().setTimeout(HEARTBEAT_TIMEOUT_MS).setInterval(HEARTBEAT_INTERVAL_MS));
        stack.add(new VERIFY_SUSPECT2().setTimeout(VERIFY_MS));
        if (settings.secret() != null) {
            stack.add(ClusterSecret.encryption(settings.secret().get(), settings.clusterName()));
        }
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(joinAttempts(gms(JOIN_TIMEOUT_MS), settings));
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    /**
     * A node that must see other members before it starts gains nothing from asking longer than it waits: a member
     * that cannot read its join (another secret) would otherwise keep it asking ten times before the wait begins.
     * One that gave up while the cluster was merely busy runs alone for a moment and MERGE3 merges it.
     */
    private static GMS joinAttempts(GMS gms, TcpSettings settings) {
        if (settings.initialClusterSize() > 1) {
            long attempts = (settings.initialClusterTimeout().toMillis() + JOIN_TIMEOUT_MS - 1) / JOIN_TIMEOUT_MS;
            gms.setMaxJoinAttempts((int) Math.max(1, Math.min(gms.getMaxJoinAttempts(), attempts)));
        }
        return gms;
    }

    /**
     * @param  base a base stack from this class
     * @return      a copy with jgroups-raft's {@code NO_DUPES} right below {@code GMS}, so a second member with the
     *              same raft id is refused its join; ELECTION2, RAFT and REDIRECT go on top of it. (Not for
     *              Infinispan: its members carry no raft id, and NO_DUPES would take them all for duplicates.)
     */
    public static List<Protocol> forRaft(List<Protocol> base) {
        List<Protocol> stack = new ArrayList<>(base);
        int gms = indexOf(stack, GMS.class);
        if (gms < 0) {
            throw new IllegalArgumentException("the base stack has no GMS: " + stack);
        }
        stack.add(gms, new NO_DUPES());
        return stack;
    }

    private static int indexOf(List<Protocol> stack, Class<? extends Protocol> type) {
        for (int i = 0; i < stack.size(); i++) {
            if (type.isInstance(stack.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static GMS gms(long joinTimeout) {
        return new GMS().setJoinTimeout(joinTimeout).printLocalAddress(false);
    }
}
