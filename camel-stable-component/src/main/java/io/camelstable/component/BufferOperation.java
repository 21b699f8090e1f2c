package io.camelstable.component;

import java.util.Locale;

import io.camelstable.policy.InvalidOptionException;

/** What a {@code stable:buffer} endpoint does with each exchange (its {@code operation} option). */
enum BufferOperation {
    TRANSACTION,
    READ,
    SNAPSHOT,
    REPLAY,
    RESTORE;

    /**
     * @param  value                  the option as written, in any case
     * @return                        the operation
     * @throws InvalidOptionException naming the allowed values
     */
    static BufferOperation of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidOptionException("operation", value, "transaction, read, snapshot, replay or restore");
        }
    }
}
