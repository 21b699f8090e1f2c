package io.camelstable.infinispan.raft;

/** The commands of the replicated coordination log; the byte is what the log stores, so it never changes. */
enum Op {
    ACQUIRE, RENEW, RELEASE, CANCEL_WAIT, TOUCH_LOCK, VALIDATE,
    GET, SET, DELETE, CAS, TRANSACTION, INCREMENT_COUNTER, GET_COUNTER,
    CAMPAIGN, RESIGN, GET_LEADER,
    PUBLISH, SUBSCRIBE, ACKNOWLEDGE;

    private static final Op[] BY_CODE = values();

    byte code() {
        return (byte) ordinal();
    }

    static Op of(byte code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("Unknown coordination command " + code);
        }
        return BY_CODE[code];
    }
}
