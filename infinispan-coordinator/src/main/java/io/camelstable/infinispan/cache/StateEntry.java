package io.camelstable.infinispan.cache;

import java.util.List;

import io.camelstable.coordination.Versioned;

/**
 * One entry of the default mode's state cache, as {@link EntryCodec} packs it: the committed value, its version
 * and its expiry (0: none), and, while a writer holds the key, that writer's marker: its id, the time (on its
 * clock) after which others may resolve the marker, and whether the writer is a multi-key transaction (whose
 * outcome is then decided by its record, see {@link MarkedWrites}). A key that is absent but marked has version
 * 0. Packed Strings are compared whole by Infinispan's conditional writes, and a marker's writer id is never
 * reused, so a conditional write on a marked entry succeeds only while exactly that marker is in place.
 *
 * @param value     the committed value (null when absent)
 * @param version   the committed version (0 when absent)
 * @param expiresAt when the committed value expires, in epoch millis (0: never)
 * @param writer    the id of the writer holding the key, or null when nobody does
 * @param deadline  when the writer's hold may be resolved by others, in epoch millis (0 when unmarked)
 * @param multiKey  whether the writer is a multi-key transaction
 */
record StateEntry(Object value, long version, long expiresAt, String writer, long deadline, boolean multiKey) {

    /** @return the entry {@code packed} holds, or null for null */
    static StateEntry parse(String packed) {
        if (packed == null) {
            return null;
        }
        List<?> f = EntryCodec.unpack(packed);
        return f.size() == 3
                ? new StateEntry(f.get(0), EntryCodec.longAt(f, 1), EntryCodec.longAt(f, 2), null, 0, false)
                : new StateEntry(f.get(0), EntryCodec.longAt(f, 1), EntryCodec.longAt(f, 2), EntryCodec.stringAt(f, 3),
                        EntryCodec.longAt(f, 4), (Boolean) f.get(5));
    }

    /** @return the packed form of a committed value */
    static String committed(Object value, long version, long expiresAt) {
        return EntryCodec.pack(value, version, expiresAt);
    }

    /** @return this entry's committed value with its expiry, unmarked; null when it has none */
    String committedPacked() {
        return version == 0 ? null : committed(value, version, expiresAt);
    }

    /** @return the packed form of this entry's committed part (absent when {@code before} is null) held by a writer */
    static String marked(StateEntry before, String writer, long deadline, boolean multiKey) {
        return before == null || before.version == 0
                ? EntryCodec.pack(null, 0L, 0L, writer, deadline, multiKey)
                : EntryCodec.pack(before.value, before.version, before.expiresAt, writer, deadline, multiKey);
    }

    boolean isMarked() {
        return writer != null;
    }

    /** @return whether the committed value is there at {@code now}: present and not expired */
    boolean isLive(long now) {
        return version != 0 && (expiresAt == 0 || expiresAt > now);
    }

    /** @return the committed value as readers see it at {@code now}, or null when absent or expired */
    Versioned<Object> visible(long now) {
        return isLive(now) ? new Versioned<>(value, version) : null;
    }

    /**
     * @return the version the key's versions continue from at {@code now}: the committed one, or 0 when the key
     *         has no live value (its next write starts a new life)
     */
    long liveVersion(long now) {
        return isLive(now) ? version : 0;
    }

    /** @return the Infinispan lifespan for an entry expiring at {@code expiresAt}: -1 for none, else at least 1 */
    static long lifespan(long expiresAt, long now) {
        return expiresAt == 0 ? -1 : Math.max(1, expiresAt - now);
    }
}
