package io.camelstable.infinispan;

import java.util.Objects;

/**
 * How one node joins its cluster.
 *
 * @param clusterName the cluster every node of one deployment names alike
 * @param nodeName    this node's name, unique in the cluster
 * @param stack       the JGroups stack file on the classpath, for example {@code stacks/shared-loopback.xml}
 */
public record ClusterSettings(String clusterName, String nodeName, String stack) {

    /** The stack for nodes that share one JVM (tests): no sockets. */
    public static final String SHARED_LOOPBACK = "stacks/shared-loopback.xml";

    /** Checks that every part is given. */
    public ClusterSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(stack, "stack");
    }
}
