package io.camelstable.component;

import java.util.Map;

import io.camelstable.buffer.BufferDefinition;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.engine.StableEngine;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.shared.SharedResources;
import org.apache.camel.CamelContext;

/** Finds the buffers that endpoints name: {@code stable:buffer:<id>}, {@code commonBuffer} and {@code sharedBuffer}. */
final class Buffers {

    private Buffers() {
    }

    /**
     * @param  id                     a StableBuffer or BufferDefinition bean's name, or any other name (a shared
     *                                buffer of that name, created empty when first named)
     * @return                        the buffer, listed in the shared resources
     * @throws InvalidOptionException when a bean of another type has that name
     */
    static StableBuffer resolve(CamelContext context, SharedResources resources, StableEngine engine, String id) {
        Object bean = context.getRegistry().lookupByName(id);
        if (bean instanceof StableBuffer b) {
            return resources.register(b);
        }
        if (bean instanceof BufferDefinition definition) {
            return resources.buffer(id, definition.toConfig(context.getRegistry()::lookupByName), engine);
        }
        if (bean != null) {
            throw new InvalidOptionException("target", id, "the name of a StableBuffer or BufferDefinition bean, or a name"
                                                           + " no other bean has (for a new empty buffer); '" + id
                                                           + "' is a " + bean.getClass().getName());
        }
        return resources.buffer(id, null, engine);
    }

    /**
     * What hooks see as their {@code commonBuffer}: a Map as given; for a StableBuffer its read-only view, which
     * shows the latest committed state and never queues (the seed made every hook call a transaction).
     *
     * @param  option                 the option's name, for the error
     * @param  value                  a Map, a StableBuffer, a buffer's name, or null
     * @return                        the map hooks share, or null
     * @throws InvalidOptionException for any other value
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> forHooks(String option, Object value, CamelContext context, SharedResources resources,
            StableEngine engine) {
        if (value == null || value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        if (value instanceof StableBuffer buffer) {
            return resources.register(buffer).view();
        }
        if (value instanceof String name && !name.isBlank()) {
            return resolve(context, resources, engine, name.startsWith("#") ? name.substring(1) : name).view();
        }
        throw new InvalidOptionException(option, value, "a Map or StableBuffer bean (#name), or the name of a shared"
                                                        + " StableBuffer");
    }
}
