package io.camelstable.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code stable:} options one level of a gateway sets (the gateway itself, a group or an item), checked as
 * they are set. Setting an option to null removes it, so the level inherits it again.
 */
final class OptionMap {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * @param  where                      the level, for messages
     * @param  name                       the option
     * @param  value                      its value, or null to inherit
     * @throws GatewayDefinitionException when the option is unknown or its value bad
     */
    void put(String where, String name, Object value) {
        OptionNames.check(where, name, value).forEach((k, v) -> {
            if (v == null) {
                values.remove(k);
            } else {
                values.put(k, v);
            }
        });
    }

    /** @param where the level, for messages @param options options to set, in order */
    void putAll(String where, Map<String, ?> options) {
        options.forEach((k, v) -> put(where, k, v));
    }

    /** @return the options set, in the order they were set */
    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** @return an independent copy */
    OptionMap copy() {
        OptionMap copy = new OptionMap();
        copy.values.putAll(values);
        return copy;
    }
}
