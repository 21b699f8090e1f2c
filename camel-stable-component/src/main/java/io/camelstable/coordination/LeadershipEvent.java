package io.camelstable.coordination;

/**
 * A change of leader in one election.
 *
 * @param election the election name
 * @param type     whether a leader was elected or lost leadership
 * @param leaderId the candidate concerned
 * @param epoch    that candidate's leader epoch
 */
public record LeadershipEvent(String election, Type type, String leaderId, long epoch) {

    /** The kind of change. */
    public enum Type {
        /** {@code leaderId} became leader with {@code epoch}. */
        ELECTED,
        /** {@code leaderId} stopped leading (resigned, or the coordinator closed); its epoch is now stale. */
        REVOKED
    }
}
