package io.camelstable.gateway;

import java.util.Map;

/**
 * One level of a gateway's option cascade — the gateway, a group or an item — and the {@code stable:request} /
 * {@code stable:function} options it sets, checked as they are set. An item has an option unless it leaves it
 * unset (or sets it to null), in which case it inherits its group's, then the gateway's.
 *
 * @param <T> the level's own type, which its setters return
 */
public abstract class OptionLevel<T extends OptionLevel<T>> {

    private final OptionMap options;

    OptionLevel(OptionMap options) {
        this.options = options;
    }

    /** @return the level, for messages ("group 'inventory' of gateway 'checkout'") */
    abstract String where();

    /** @return this, as the level's own type */
    abstract T self();

    /**
     * @param  name                       any {@code stable:request} / {@code stable:function} option, for example
     *                                    {@code attempts}, {@code circuitBreaker} or {@code guardrail.totalAttempts.max}
     * @param  value                      its value (a string as in a URI, a number, a Duration, a bean); null to
     *                                    inherit it again
     * @return                            this
     * @throws GatewayDefinitionException when the option is unknown or its value bad
     */
    public T option(String name, Object value) {
        options.put(where(), name, value);
        return self();
    }

    /**
     * @param  options                    options to set, in order, as {@link #option} sets them
     * @return                            this
     * @throws GatewayDefinitionException when an option is unknown or its value bad
     */
    public T options(Map<String, ?> options) {
        this.options.putAll(where(), options);
        return self();
    }

    /** @return the options this level sets, in the order they were set */
    public Map<String, Object> getOptions() {
        return options.values();
    }

    /** @return an independent copy of this level's options */
    OptionMap copyOptions() {
        return options.copy();
    }
}
