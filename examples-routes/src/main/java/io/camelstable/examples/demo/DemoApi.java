package io.camelstable.examples.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small misbehaving HTTP API on 127.0.0.1, so every example has something real to retry against.
 * Each endpoint counts its calls per {@code key} query parameter (default {@code default}):
 * <ul>
 * <li>{@code /flaky?failures=N} – 503 for the first N calls (default 2), then 200 JSON</li>
 * <li>{@code /slow?delay=MS} – the first call answers only after MS milliseconds (default 2000), later calls at once</li>
 * <li>{@code /limited} – the first call is a 429 with {@code Retry-After: 1}, then 200</li>
 * <li>{@code /ok} – always 200 JSON</li>
 * <li>{@code /bad-content} – 200 with {@code {"status":"pending"}} twice, then {@code {"status":"done"}}</li>
 * <li>{@code /missing} – always 404</li>
 * </ul>
 * Built on the JDK's {@link HttpServer} with a small fixed pool; the slow answer is scheduled, so it holds
 * no server thread while it waits.
 */
public final class DemoApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApi.class);
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delayedReplies;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private DemoApi(HttpServer server) {
        this.server = server;
        this.handlers = Executors.newFixedThreadPool(4, daemonThreads("demo-api"));
        this.delayedReplies = Executors.newSingleThreadScheduledExecutor(daemonThreads("demo-api-delay"));
        server.setExecutor(handlers);
        server.createContext("/flaky", this::flaky);
        server.createContext("/slow", this::slow);
        server.createContext("/limited", this::limited);
        server.createContext("/ok", ex -> reply(ex, 200, "{\"status\":\"ok\"}"));
        server.createContext("/bad-content", this::badContent);
        server.createContext("/missing", ex -> reply(ex, 404, "{\"error\":\"not found\"}"));
    }

    /**
     * Starts the API on the loopback address.
     *
     * @param  port        the port, or 0 for any free one
     * @return             the running API
     * @throws IOException when the port cannot be bound
     */
    public static DemoApi start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        DemoApi api = new DemoApi(server);
        server.start();
        LOG.info("Demo API listening on {}", api.baseUrl());
        return api;
    }

    /** @return the port the API listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops the server and its threads at once. */
    @Override
    public void close() {
        server.stop(0);
        delayedReplies.shutdownNow();
        handlers.shutdownNow();
        LOG.info("Demo API stopped");
    }

    private void flaky(HttpExchange ex) throws IOException {
        int call = nextCall(ex);
        int failures = intParam(ex, "failures", 2);
        if (call <= failures) {
            reply(ex, 503, "{\"error\":\"temporarily unavailable\",\"call\":" + call + "}");
        } else {
            reply(ex, 200, "{\"status\":\"ok\",\"call\":" + call + "}");
        }
    }

    private void slow(HttpExchange ex) throws IOException {
        int call = nextCall(ex);
        String body = "{\"status\":\"ok\",\"call\":" + call + "}";
        if (call > 1) {
            reply(ex, 200, body);
            return;
        }
        // answer later from the scheduler; the caller has usually given up by then
        delayedReplies.schedule(() -> {
            try {
                reply(ex, 200, body);
            } catch (IOException callerGone) {
                LOG.debug("Slow reply not delivered: {}", callerGone.getMessage());
                ex.close();
            }
        }, intParam(ex, "delay", 2000), TimeUnit.MILLISECONDS);
    }

    private void limited(HttpExchange ex) throws IOException {
        int call = nextCall(ex);
        if (call == 1) {
            ex.getResponseHeaders().set("Retry-After", "1");
            reply(ex, 429, "{\"error\":\"too many requests\"}");
        } else {
            reply(ex, 200, "{\"status\":\"ok\",\"call\":" + call + "}");
        }
    }

    private void badContent(HttpExchange ex) throws IOException {
        int call = nextCall(ex);
        reply(ex, 200, "{\"status\":\"" + (call <= 2 ? "pending" : "done") + "\",\"call\":" + call + "}");
    }

    private int nextCall(HttpExchange ex) {
        String key = ex.getHttpContext().getPath() + "|" + stringParam(ex, "key", "default");
        return calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", JSON);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int intParam(HttpExchange ex, String name, int defaultValue) {
        String value = stringParam(ex, name, null);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    private static String stringParam(HttpExchange ex, String name, String defaultValue) {
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return defaultValue;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
