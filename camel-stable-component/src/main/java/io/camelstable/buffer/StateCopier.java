package io.camelstable.buffer;

import java.util.Map;

/**
 * Makes the mutable working copy a transaction changes. The default, {@link #DEEP}, copies nested
 * {@code Map}, {@code List} and {@code Set} values level by level and shares every other value, which must
 * therefore be immutable (strings, numbers, records of immutable values...). A copier for other mutable
 * values must copy them too: whatever it shares, a failed transaction could have changed.
 */
@FunctionalInterface
public interface StateCopier {

    /** Deep copy of nested maps, lists and sets; other values are shared. */
    StateCopier DEEP = DeepState::mutableCopy;

    /**
     * @param  committed the committed state (deep-frozen)
     * @return           a mutable copy that shares nothing mutable with it
     */
    Map<String, Object> mutableCopy(Map<String, Object> committed);
}
