package io.camelstable.coordination;

import java.util.Objects;

/**
 * One operation of a multi-key transaction. Operations apply in list order, so two on one key see each other.
 *
 * @param type            what to do
 * @param key             the state key
 * @param value           the value for SET and CAS, else null
 * @param delta           the amount for INCREMENT, else 0
 * @param expectedVersion the version CAS requires (0 = the key must be absent), else 0
 */
public record TxOperation(Type type, String key, Object value, long delta, long expectedVersion) {

    /** The kinds of operation, as in the seed (decrement is an increment by a negative delta). */
    public enum Type {
        /** Write {@code value}. */
        SET,
        /** Add {@code delta} to a numeric value (absent counts as 0). */
        INCREMENT,
        /** Remove the key. */
        DELETE,
        /** Write {@code value} only if the key is at {@code expectedVersion}; otherwise the transaction fails. */
        CAS
    }

    /** Checks the key and type. */
    public TxOperation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        if ((type == Type.SET || type == Type.CAS) && value == null) {
            throw new IllegalArgumentException(type + " needs a value");
        }
    }

    /**
     * @param  key   the key
     * @param  value the value
     * @return       a SET
     */
    public static TxOperation set(String key, Object value) {
        return new TxOperation(Type.SET, key, value, 0, 0);
    }

    /**
     * @param  key   the key
     * @param  delta the amount
     * @return       an INCREMENT
     */
    public static TxOperation increment(String key, long delta) {
        return new TxOperation(Type.INCREMENT, key, null, delta, 0);
    }

    /**
     * @param  key the key
     * @return     a DELETE
     */
    public static TxOperation delete(String key) {
        return new TxOperation(Type.DELETE, key, null, 0, 0);
    }

    /**
     * @param  key             the key
     * @param  expectedVersion the version required
     * @param  value           the new value
     * @return                 a CAS
     */
    public static TxOperation cas(String key, long expectedVersion, Object value) {
        return new TxOperation(Type.CAS, key, value, 0, expectedVersion);
    }
}
