package io.camelstable.infinispan;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
 */
public record TcpSettings(String bindAddress, int bindPort, List<String> initialMembers, String clusterName,
        Supplier<char[]> secret) {

    /** The default bind address: loopback, so nothing leaves the machine unless asked. */
    public static final String LOOPBACK = "127.0.0.1";

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
    }

    /**
     * Reads the settings from properties, as Camel properties or a node's command line give them:
     * {@code bindAddress} (default {@value #LOOPBACK}), {@code bindPort}, {@code initialMembers}
     * (comma-separated {@code host[port]}), {@code clusterName} and the optional {@code secret}.
     *
     * @param  properties the properties by name
     * @return            the checked settings
     */
    public static TcpSettings fromProperties(Map<String, String> properties) {
        String port = properties.get("bindPort");
        int bindPort;
        try {
            bindPort = Integer.parseInt(String.valueOf(port).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bindPort is '" + port + "': give a port number, 1..65535", e);
        }
        String members = properties.getOrDefault("initialMembers", "");
        List<String> list = Arrays.stream(members.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String secret = properties.get("secret");
        return new TcpSettings(properties.get("bindAddress"), bindPort, list, properties.get("clusterName"),
                secret == null || secret.isEmpty() ? null : secret::toCharArray);
    }

    /** @return these settings with a shared secret: the stack then encrypts every message above discovery */
    public TcpSettings withSecret(Supplier<char[]> newSecret) {
        return new TcpSettings(bindAddress, bindPort, initialMembers, clusterName, newSecret);
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
                + ", clusterName=" + clusterName + ", secret=" + (secret == null ? "none" : "****") + "]";
    }
}
