package io.camelstable.infinispan.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports free on 127.0.0.1 at test time, for nodes that must know each other's ports before they start. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * @param  count how many distinct ports
     * @return       ports the OS just handed out; all sockets are held until every port is chosen
     */
    public static List<Integer> pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a port that does not close cleanly is still free for our purpose
                }
            }
        }
    }

    /**
     * @param  ports the ports
     * @return       {@code 127.0.0.1[p1],127.0.0.1[p2],...}, TCPPING's initial members
     */
    public static List<String> members(List<Integer> ports) {
        return ports.stream().map(p -> "127.0.0.1[" + p + "]").toList();
    }
}
