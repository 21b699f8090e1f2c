package io.camelstable.coordination;

/**
 * Who leads an election, as seen by one candidate.
 *
 * @param election    the election name
 * @param leaderId    the current leader's candidate id, or null when nobody leads
 * @param epoch       the leader epoch: it increases with every new leader, so it serves as a fencing token
 * @param isLeader    whether the candidate that asked is the leader
 */
public record Leadership(String election, String leaderId, long epoch, boolean isLeader) {
}
