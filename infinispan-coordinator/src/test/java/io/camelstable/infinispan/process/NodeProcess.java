package io.camelstable.infinispan.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One cluster node in its own JVM, started from the test JVM's class path: {@code kill9()} ends it with SIGKILL,
 * {@code stop()} asks it to leave, and {@code close()} always kills it (a shutdown hook does too), so no JVM is ever
 * left running. Its stdout lines (the node's machine-readable report) are collected as they come; its stderr (logs)
 * goes to {@code target/nodes/<name>.log}.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-nodes"));
    }

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStdout, "stdout-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param  name the node's name (also its log file's)
     * @param  main the class whose {@code main} runs the node
     * @param  args its arguments (no secrets: they show in the process list)
     * @param  env  extra environment variables, where secrets go
     * @return      the started node
     */
    public static NodeProcess start(String name, Class<?> main, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
                "-Dlog4j2.configurationFile=log4j2-node.properties", "-cp", classPath(), main.getName()));
        command.addAll(args);
        try {
            Path logs = Files.createDirectories(Path.of("target", "nodes"));
            // the command line beside the log, to rerun a node by hand (it holds no secret)
            Files.writeString(logs.resolve(name + ".cmd"), String.join(" ", command));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(logs.resolve(name + ".log").toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            LIVE.add(process);
            return new NodeProcess(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    // Surefire may run tests from a manifest-only jar; its real class path is then in surefire.test.class.path
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).replace(" ", File.pathSeparator);
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the process died: its lines so far are all there will be
        }
    }

    /** @return the node's name */
    public String name() {
        return name;
    }

    /** @return a copy of the stdout lines read so far */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** @return whether a line read so far starts with {@code prefix} */
    public boolean printed(String prefix) {
        return lines().stream().anyMatch(l -> l.startsWith(prefix));
    }

    /** @return how many lines read so far start with {@code prefix} */
    public long count(String prefix) {
        return lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** @param command one line for the node's stdin, for example {@code DISCARD on} */
    public void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + name + " does not take commands any more", e);
        }
    }

    /**
     * Ends the node with SIGKILL ({@code destroyForcibly} on Linux): no shutdown hook, no goodbye to the cluster.
     *
     * @return the {@code System.nanoTime()} just before the signal
     */
    public long kill9() {
        long at = System.nanoTime();
        process.destroyForcibly();
        awaitExit();
        if (ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("node " + name + " (pid " + process.pid() + ") survived SIGKILL");
        }
        return at;
    }

    /** Asks the node to leave and exit; kills it if it has not within ten seconds. */
    public void stop() {
        if (process.isAlive()) {
            try {
                send("EXIT");
            } catch (UncheckedIOException e) {
                // its stdin is gone: it is exiting anyway
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill9();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill9();
            }
        }
    }

    /** @return whether the process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitExit() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }

    /** Kills the process unless it has exited already, and keeps its report lines in {@code target/nodes/<name>.out}. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        awaitExit();
        try {
            Files.write(Path.of("target", "nodes", name + ".out"), lines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
