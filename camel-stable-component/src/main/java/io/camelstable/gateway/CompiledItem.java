package io.camelstable.gateway;

import io.camelstable.component.StableEndpoint;
import io.camelstable.engine.Attempt;
import io.camelstable.engine.ExecutionOptions;

/**
 * An item ready to run: its definition, the detached {@code stable:request} or {@code stable:function} endpoint
 * its merged options configured, and, while the gateway is open, the attempt that endpoint made.
 */
final class CompiledItem {

    final ItemDefinition definition;
    final StableEndpoint endpoint;
    volatile Attempt attempt;

    CompiledItem(ItemDefinition definition, StableEndpoint endpoint) {
        this.definition = definition;
        this.endpoint = endpoint;
    }

    ExecutionOptions options() {
        return endpoint.getOptions();
    }
}
