package io.camelstable.infinispan.raft;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jgroups.Address;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.util.CommitTable;

/**
 * jgroups-raft 1.1.4's {@link RAFT}, resending to followers that fell behind also while it is busy. The library
 * resends missing entries only when its request queue has been idle for {@code resendInterval}; under steady load
 * it never is, so a follower that restarted or missed entries never catches up (in {@code CoordinatorRestartTest}
 * a restarted member stayed 18,000–23,000 entries behind for the whole load, and an original follower sometimes
 * stayed at index 1), and the cluster runs on the leader and one follower. This also resends after a batch once
 * {@code resendInterval} has passed since the last such resend. It runs in the protocol's own runner thread, like
 * the idle resend, so it never races the protocol's processing; for an up-to-date follower a resend is at most the
 * last entry again, which the follower ignores.
 * <p>
 * Why by hand: the library offers no such option (only {@code flushCommitTable()}, which another thread cannot
 * call safely), and the override is the smallest change that fixes it.
 */
public class ResendingRaft extends RAFT {

    /** Entries resent at most per follower and busy resend: 10,000 a second at the 100 ms interval. */
    static final int MAX_BUSY_BATCH = 1000;

    /** When this runner thread last resent after a busy batch; touched by that thread only. */
    private long lastBusyResend = System.nanoTime();

    /** Takes {@link RAFT}'s protocol id, so its headers are read as RAFT's on every member. */
    public ResendingRaft() {
        setId(ClassConfigurator.getProtocolId(RAFT.class));
    }

    @Override
    protected void process(List<Request> requests) {
        super.process(requests);
        long now = System.nanoTime();
        if (now - lastBusyResend >= TimeUnit.MILLISECONDS.toNanos(resend_interval)) {
            lastBusyResend = now;
            if (isLeader() && commit_table != null) {
                commit_table.forEach(this::resendWhileBusy);
            }
        }
    }

    /**
     * To a follower that lacks entries the leader still has, sends the next {@value #MAX_BUSY_BATCH} at once: the
     * library would send one (every new entry's broadcast meets "entry not found" from that follower, which sets
     * its entry to single-message resends), so it would gain ten entries a second. Anything else (a snapshot, a
     * commit index) goes the library's way.
     */
    private void resendWhileBusy(Address member, CommitTable.Entry entry) {
        long next = Math.max(entry.nextIndex(), 1);
        if (next >= log().firstAppended() && next <= last_appended) {
            resend(member, next, Math.min(last_appended, next + MAX_BUSY_BATCH - 1));
        } else {
            sendAppendEntriesMessage(member, entry);
        }
    }
}
