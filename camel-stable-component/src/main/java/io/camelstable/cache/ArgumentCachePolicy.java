package io.camelstable.cache;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import io.camelstable.engine.AttemptContext;

/**
 * Function results keyed by the function and its arguments (the body in routes), compared by value,
 * arrays included. Unlike the seed's function cache, it really hits across executions (SPEC §4.2 #5).
 *
 * @param function identifies the function, so two functions sharing a named cache never share entries
 */
public record ArgumentCachePolicy(Object function) implements CachePolicy {

    @Override
    public Object keyOf(AttemptContext context) {
        Object args = context.arguments() != null ? context.arguments()
                : context.exchange() == null ? null : context.exchange().getMessage().getBody();
        return new Key(function, args);
    }

    @Override
    public CacheEntry entryOf(AttemptContext context, Object raw, long defaultTtl) {
        return new CacheEntry(raw, 0, Map.of(), defaultTtl, Map.of());
    }

    @Override
    public Object rawOf(AttemptContext context, CacheEntry entry) {
        return entry.data();
    }

    /** Function identity plus argument value. */
    private record Key(Object function, Object argument) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.function == function && Objects.deepEquals(k.argument, argument);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(function) + Arrays.deepHashCode(new Object[] { argument });
        }
    }
}
