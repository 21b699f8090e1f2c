package io.camelstable.infinispan;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one node listens and whom it asks to join, for the JGroups TCP + TCPPING stack
 * ({@link JGroupsStacks#tcp(TcpSettings)}). Every node of a cluster lists the same initial members.
 *
 * @param bindAddress    the address the node binds to, for example {@code 127.0.0.1}
 * @param bindPort       the TCP port the node listens on, 1..65535
 * @param initialMembers the members asked at join time, each {@code host[port]}, at least one
 * @param clusterName    the cluster's name (also the salt of the key derived from the secret)
 * @param secret         gives the shared secret, a fresh array per call (it is cleared after use); {@code null}
 *                       for a cluster without encryption. Never printed: {@link #toString()} masks it.
 * @param initialClusterSize    how many members, this one included, a {@link ClusterNode} must see before its start
 *                              returns, at least 1; 1 (the default) lets it run alone when no member answers its
 *                              join. Above 1, the stack also stops asking to join after about
 *                              {@code initialClusterTimeout} (at most GMS's default ten attempts).
 * @param initialClusterTimeout how long a {@link ClusterNode}'s start waits for {@code initialClusterSize} members
 *                              before it fails, positive (default {@link #DEFAULT_INITIAL_CLUSTER_TIMEOUT})
 */
public record TcpSettings(String bindAddress, int bindPort, List<String> initialMembers, String clusterName,
        Supplier<char[]> secret, int initialClusterSize, Duration initialClusterTimeout) {

    /** The default bind address: loopback, so nothing leaves the machine unless asked. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Infinispan's own default wait for the initial cluster size. */
    public static final Duration DEFAULT_INITIAL_CLUSTER_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern MEMBER = Pattern.compile("([^\\[\\]\\s,]+)\\[(\\d{1,5})]");

    /** Checks every part, failing with the option's name, its value and what is allowed. */
    public TcpSettings {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? LOOPBACK : bindAddress.strip();
        address("bindAddress", bindAddress);
        port("bindPort", bindPort);
        if (initialMembers == null || initialMembers.isEmpty()) {
            throw new IllegalArgumentException(
                    "initialMembers is empty: list at least one member as host[port], for example 127.0.0.1[7800]");
        }
        initialMembers = List.copyOf(initialMembers);
        initialMembers.forEach(TcpSettings::member);
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName is '" + clusterName + "': give a non-blank name");
        }
        if (initialClusterSize < 1) {
            throw new IllegalArgumentException("initialClusterSize is " + initialClusterSize
                    + ": allowed are 1 (may run alone) or more (members to see before starting)");
        }
        if (initialClusterTimeout == null || initialClusterTimeout.isNegative() || initialClusterTimeout.isZero()) {
            throw new IllegalArgumentException("initialClusterTimeout is " + initialClusterTimeout
                    + ": allowed is a positive duration");
        }
    }

    /**
     * Settings whose node may run alone (initial cluster size 1).
     *
     * @param bindAddress    the address the node binds to
     * @param bindPort       the TCP port the node listens on
     * @param initialMembers the members asked at join time
     * @param clusterName    the cluster's name
     * @param secret         gives the shared secret, or {@code null}
     */
    public TcpSettings(String bindAddress, int bindPort, List<String> initialMembers, String clusterName,
            Supplier<char[]> secret) {
        this(bindAddress, bindPort, initialMembers, clusterName, secret, 1, DEFAULT_INITIAL_CLUSTER_TIMEOUT);
    }

    /**
     * Reads the settings from properties, as Camel properties or a node's command line give them:
     * {@code bindAddress} (default {@value #LOOPBACK}), {@code bindPort}, {@code initialMembers}
     * (comma-separated {@code host[port]}), {@code clusterName}, the optional {@code secret}, and the optional
     * {@code initialClusterSize} (default 1) and {@code initialClusterTimeout} (milliseconds).
     *
     * @param  properties the properties by name
     * @return            the checked settings
     */
    public static TcpSettings fromProperties(Map<String, String> properties) {
        String port = properties.get("bindPort");
        int bindPort = number(properties, "bindPort", null, "a port number, 1..65535");
        String members = properties.getOrDefault("initialMembers", "");
        List<String> list = Arrays.stream(members.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String secret = properties.get("secret");
        int size = number(properties, "initialClusterSize", 1, "a whole number, 1 or more");
        int timeout = number(properties, "initialClusterTimeout", (int) DEFAULT_INITIAL_CLUSTER_TIMEOUT.toMillis(),
                "a positive number of milliseconds");
        return new TcpSettings(properties.get("bindAddress"), bindPort, list, properties.get("clusterName"),
                secret == null || secret.isEmpty() ? null : secret::toCharArray, size, Duration.ofMillis(timeout));
    }

    private static int number(Map<String, String> properties, String option, Integer absent, String allowed) {
        String value = properties.get(option);
        if (value == null && absent != null) {
            return absent;
        }
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is '" + value + "': give " + allowed, e);
        }
    }

    /** @return these settings with a shared secret: the stack then encrypts every message above discovery */
    public TcpSettings withSecret(Supplier<char[]> newSecret) {
        return new TcpSettings(bindAddress, bindPort, initialMembers, clusterName, newSecret, initialClusterSize,
                initialClusterTimeout);
    }

    /**
     * @param  size    how many members, this one included, the node's start waits for (1: it may run alone)
     * @param  timeout how long the start waits before it fails
     * @return         these settings with that initial cluster
     */
    public TcpSettings withInitialCluster(int size, Duration timeout) {
        return new TcpSettings(bindAddress, bindPort, initialMembers, clusterName, secret, size, timeout);
    }

    /** @return the bind address, resolved */
    public InetAddress bindInetAddress() {
        return address("bindAddress", bindAddress);
    }

    /** @return the initial members as socket addresses */
    public List<InetSocketAddress> initialAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String member : initialMembers) {
            addresses.add(member(member));
        }
        return addresses;
    }

    private static InetSocketAddress member(String member) {
        Matcher m = member == null ? null : MEMBER.matcher(member.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("initialMembers has '" + member
                    + "': each member is host[port], for example 127.0.0.1[7800]");
        }
        return new InetSocketAddress(address("initialMembers host", m.group(1)), port("initialMembers port", Integer.parseInt(m.group(2))));
    }

    private static int port(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " is " + port + ": allowed are 1..65535");
        }
        return port;
    }

    private static InetAddress address(String option, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + " is '" + host + "': give an IP address or a resolvable host name", e);
        }
    }

    /** @return the settings with the secret masked: it must never reach a log */
    @Override
    public String toString() {
        return "TcpSettings[bindAddress=" + bindAddress + ", bindPort=" + bindPort + ", initialMembers=" + initialMembers
                + ", clusterName=" + clusterName + ", secret=" + (secret == null ? "none" : "****")
                + ", initialClusterSize=" + initialClusterSize + ", initialClusterTimeout=" + initialClusterTimeout + "]";
    }
}
