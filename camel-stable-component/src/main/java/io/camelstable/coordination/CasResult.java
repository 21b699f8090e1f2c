package io.camelstable.coordination;

import java.util.Optional;

/**
 * The answer to {@link Coordinator#compareAndSwap}.
 *
 * @param swapped whether the value was written
 * @param current the value after the call: the new one on success, the unchanged one (or null if absent) on failure
 */
public record CasResult(boolean swapped, Versioned<Object> current) {

    /** @return the current value, if any */
    public Optional<Versioned<Object>> value() {
        return Optional.ofNullable(current);
    }
}
