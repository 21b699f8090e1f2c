package io.camelstable.buffer;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two copies a buffer makes: a mutable working copy for a transaction and a deep-frozen snapshot of what
 * it committed. Nested {@code Map}, {@code List} and {@code Set} values are copied level by level; every other
 * value is shared and must be immutable. Arrays are refused because they can never be frozen.
 */
final class DeepState {

    private DeepState() {
    }

    /** @return a mutable deep copy of {@code state}, keeping its key order */
    static Map<String, Object> mutableCopy(Map<String, Object> state) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(16, state.size() * 2));
        state.forEach((k, v) -> copy.put(k, mutable(v)));
        return copy;
    }

    private static Object mutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, mutable(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(mutable(v)));
            return copy;
        }
        if (value instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            set.forEach(v -> copy.add(mutable(v)));
            return copy;
        }
        return value;
    }

    /**
     * @param  state                    a state or any map of values
     * @return                          an unmodifiable deep copy: every nested map, list and set is unmodifiable too
     * @throws IllegalArgumentException when a value is an array
     */
    static Map<String, Object> freeze(Map<String, ?> state) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(16, state.size() * 2));
        state.forEach((k, v) -> copy.put(k, frozen(k, v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * @param  key   where the value sits, for the error message
     * @param  value any value
     * @return       the value deep-frozen
     */
    static Object frozen(Object key, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(key + "." + k, v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(frozen(key + "[" + i + "]", list.get(i)));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            set.forEach(v -> copy.add(frozen(key, v)));
            return Collections.unmodifiableSet(copy);
        }
        if (value != null && value.getClass().isArray()) {
            throw new IllegalArgumentException("The buffer value at '" + key + "' is an array (" + Array.getLength(value)
                                               + " elements); arrays cannot be made immutable, use a List");
        }
        return value;
    }
}
