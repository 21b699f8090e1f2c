package io.camelstable.infinispan.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Ports free on 127.0.0.1 at test time, for nodes that must know each other's ports before they start. */
public final class FreePorts {

    private FreePorts() {
    }

    /** Below Linux's ephemeral range (32768-60999), so no outgoing connection takes a port between pick and bind. */
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(LOW + (int) (ProcessHandle.current().pid() % 4000) * 3);

    /**
     * @param  count how many distinct ports
     * @return       ports free on 127.0.0.1 now, outside the ephemeral range; each is checked by binding it, and
     *               one JVM never hands out the same port twice
     */
    public static List<Integer> pick(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int tries = 0; ports.size() < count; tries++) {
            if (tries > 2 * (HIGH - LOW)) {
                throw new IllegalStateException("No free port on 127.0.0.1 between " + LOW + " and " + HIGH);
            }
            int port = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                ports.add(probe.getLocalPort());
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        return ports;
    }

    /**
     * @param  ports the ports
     * @return       {@code 127.0.0.1[p1],127.0.0.1[p2],...}, TCPPING's initial members
     */
    public static List<String> members(List<Integer> ports) {
        return ports.stream().map(p -> "127.0.0.1[" + p + "]").toList();
    }
}
