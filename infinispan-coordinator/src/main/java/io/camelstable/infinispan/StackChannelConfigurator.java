package io.camelstable.infinispan;

import java.util.List;
import java.util.function.Supplier;

import org.infinispan.remoting.transport.jgroups.AbstractJGroupsChannelConfigurator;
import org.jgroups.JChannel;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.stack.Protocol;

/**
 * Hands Infinispan's transport a channel built from protocol objects (for example {@link JGroupsStacks#tcp}) rather
 * than from a stack file, so the secret's key goes straight into {@code SYM_ENCRYPT} and never into a text
 * configuration. Each channel gets new protocol instances.
 */
final class StackChannelConfigurator extends AbstractJGroupsChannelConfigurator {

    private final String name;
    private final Supplier<List<Protocol>> stack;

    StackChannelConfigurator(String name, Supplier<List<Protocol>> stack) {
        this.name = name;
        this.stack = stack;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public JChannel createChannel(String clusterName) throws Exception {
        return amendChannel(new JChannel(stack.get()));
    }

    @Override
    public String getProtocolStackString() {
        return name;
    }

    @Override
    public List<ProtocolConfiguration> getProtocolStack() {
        return List.of(); // built from objects, not from configurations
    }
}
