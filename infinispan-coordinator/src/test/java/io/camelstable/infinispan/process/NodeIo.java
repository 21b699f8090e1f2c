package io.camelstable.infinispan.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.Protocol;

import io.camelstable.infinispan.JGroupsStacks;
import io.camelstable.infinispan.TcpSettings;

/**
 * What every node main shares: {@code key=value} arguments, report lines on stdout (one line per event, times from
 * {@code System.nanoTime()}, which on Linux is the machine-wide monotonic clock, so lines of several processes
 * compare), commands from stdin, a TCP stack with a switchable {@code DISCARD}, and a lifetime after which the
 * process exits by itself even if the test that started it is gone.
 */
final class NodeIo {

    /** The environment variable that carries the cluster's secret (arguments show in the process list). */
    static final String SECRET_ENV = "STABLE_CLUSTER_SECRET";

    private NodeIo() {
    }

    /**
     * What a node main is told: its id, every member's id, the raw arguments, the bounds of its load loop, and a
     * DISCARD for its stack.
     */
    record Start(String id, List<String> members, Map<String, String> args, long maxOps, long maxSeconds,
            long pauseMillis, long backoffMillis, Duration timeout, DISCARD discard) {
    }

    /** Parses the arguments and starts the lifetime clock ({@code lifetimeSeconds}, default 120). */
    static Start start(String[] raw) {
        Map<String, String> a = args(raw);
        exitAfter(Long.parseLong(a.getOrDefault("lifetimeSeconds", "120")));
        return new Start(Objects.requireNonNull(a.get("id"), "id"), Arrays.asList(a.get("members").split(",")), a,
                Long.parseLong(a.getOrDefault("maxOps", "100000")), Long.parseLong(a.getOrDefault("maxSeconds", "60")),
                Long.parseLong(a.getOrDefault("pauseMillis", "2")), Long.parseLong(a.getOrDefault("backoffMillis", "200")),
                Duration.ofMillis(Long.parseLong(a.getOrDefault("timeoutMillis", "1000"))), new DISCARD());
    }

    static Map<String, String> args(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            }
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return map;
    }

    static synchronized void emit(Object... parts) {
        System.out.println(Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(" ")));
        System.out.flush();
    }

    /** Reads commands on a daemon thread: the first word picks the handler, which gets all words. */
    static void commands(Map<String, Consumer<String[]>> handlers) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] words = line.strip().split("\\s+");
                    handlers.getOrDefault(words[0], w -> emit("UNKNOWN", String.join(" ", w))).accept(words);
                }
            } catch (IOException e) {
                emit("STDIN", e.getClass().getSimpleName());
            }
            emit("STDIN closed"); // the test is gone: do not outlive it
            System.exit(2);
        }, "commands");
        reader.setDaemon(true);
        reader.start();
    }

    /** What a node does at start that may fail. */
    interface Step<T> {
        T run() throws Exception;
    }

    /** @return the step's result; when it fails, the failure is printed and the process exits */
    static <T> T orExit(Step<T> step) {
        try {
            return step.run();
        } catch (Exception e) {
            emit("BROKEN", rootCause(e));
            e.printStackTrace();
            System.exit(1);
            return null;
        }
    }

    /**
     * Runs {@code step} on a scheduler until it succeeds, at most {@code attempts} times {@code pause} apart, then
     * hands its result on; after the last failure the process exits.
     */
    static <T> void retry(int attempts, Duration pause, Step<T> step, Consumer<T> then) {
        ScheduledExecutorService retries = scheduler("start");
        Runnable[] attempt = new Runnable[1];
        int[] left = {attempts};
        attempt[0] = () -> {
            T result;
            try {
                result = step.run();
            } catch (Exception e) {
                if (--left[0] <= 0) {
                    orExit(() -> {
                        throw e;
                    });
                }
                retries.schedule(attempt[0], pause.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            retries.shutdown();
            then.accept(result);
        };
        retries.execute(attempt[0]);
    }

    /** @return the simple class name of the innermost cause */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** @return a single-thread scheduler whose thread does not keep the JVM alive */
    static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Exits the process after {@code seconds}, whatever else happens. */
    static void exitAfter(long seconds) {
        scheduler("lifetime").schedule(() -> {
            emit("LIFETIME over");
            Runtime.getRuntime().halt(3);
        }, seconds, TimeUnit.SECONDS);
    }

    /** @return the TCP settings from the arguments, the secret from {@link #SECRET_ENV} */
    static TcpSettings tcp(Map<String, String> args) {
        Map<String, String> props = new HashMap<>(args);
        String secret = System.getenv(SECRET_ENV);
        if (secret != null) {
            props.put("secret", secret);
        }
        return TcpSettings.fromProperties(props);
    }

    /** @return the TCP base stack with {@code discard} right above the transport, dropping nothing until told */
    static List<Protocol> tcpWith(DISCARD discard, TcpSettings settings) {
        List<Protocol> stack = JGroupsStacks.tcp(settings);
        stack.add(1, discard.excludeItself(true));
        return stack;
    }

    /** Handles {@code DISCARD on|off}: on drops every message to and from the other members. */
    static Consumer<String[]> discardCommand(DISCARD discard) {
        return words -> {
            boolean on = words.length > 1 && words[1].equals("on");
            discard.discardAll(on);
            emit("DISCARDING", on ? "on" : "off", System.nanoTime());
        };
    }
}
