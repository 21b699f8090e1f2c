package io.camelstable.infinispan;

import java.util.List;
import java.util.function.Supplier;

import org.infinispan.remoting.transport.jgroups.AbstractJGroupsChannelConfigurator;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;

/**
 * Hands Infinispan's transport a channel built from protocol objects (for example {@link JGroupsStacks#tcp}) rather
 * than from a stack file, so the secret's key goes straight into {@code SYM_ENCRYPT} and never into a text
 * configuration. Each channel gets new protocol instances. It remembers whom the last channel saw when it disconnected,
 * so a node that failed to start can tell.
 */
final class StackChannelConfigurator extends AbstractJGroupsChannelConfigurator {

    private final String name;
    private final Supplier<List<Protocol>> stack;
    private volatile List<String> lastMembers = List.of();

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
        return amendChannel(new JChannel(stack.get()) {
            @Override
            public JChannel disconnect() {
                View view = view(); // the channel forgets its view as it disconnects
                if (view != null) {
                    lastMembers = view.getMembers().stream().map(StackChannelConfigurator::logicalName).toList();
                }
                return super.disconnect();
            }
        });
    }

    /** @return the node name alone (the address itself prints Infinispan's version too) */
    private static String logicalName(Address member) {
        String name = NameCache.get(member);
        return name != null ? name : String.valueOf(member);
    }

    /** @return the members the last channel built saw when it disconnected; none before */
    List<String> lastMembers() {
        return lastMembers;
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
