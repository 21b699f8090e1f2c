package io.camelstable.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 whose paths answer from a script: a queue of replies per path, the
 * last one repeating. Every request is recorded (time, headers) so tests can check what reached it.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** One scripted reply. */
    public record Reply(int status, String body, Map<String, String> headers, CountDownLatch holdUntil) {
        /** @return a reply with a status and body */
        public static Reply of(int status, String body) {
            return new Reply(status, body, Map.of(), null);
        }

        /** @return this reply with a header added */
        public Reply header(String name, String value) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, Map.copyOf(h), holdUntil);
        }

        /** @return this reply, sent only once the latch opens (or after 10 s): a slow backend */
        public Reply heldBy(CountDownLatch latch) {
            return new Reply(status, body, headers, latch);
        }
    }

    /** A request as the server saw it. */
    public record Seen(String path, long nanoTime, long wallTime, Map<String, List<String>> headers, String method,
            String body) {
        /** @return the first value of a header, case-insensitive, or null */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final Map<String, Queue<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Reply> last = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.function.Function<Seen, Reply>> dynamic = new ConcurrentHashMap<>();

    /** Starts the server on an ephemeral loopback port. */
    public ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** @return the base URL, http://127.0.0.1:port */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts a path: the replies in order, the last one repeating. */
    public ScriptedHttpServer script(String path, Reply... replies) {
        Queue<Reply> q = new ConcurrentLinkedQueue<>(List.of(replies));
        scripts.put(path, q);
        last.put(path, replies[replies.length - 1]);
        return this;
    }

    /** Answers a path by computing each reply when the request arrives. */
    public ScriptedHttpServer respond(String path, java.util.function.Function<Seen, Reply> replies) {
        dynamic.put(path, replies);
        return this;
    }

    /** @return requests seen on a path, in order */
    public List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    private void handle(HttpExchange http) throws IOException {
        String path = http.getRequestURI().getPath();
        Seen request = new Seen(path, System.nanoTime(), System.currentTimeMillis(), Map.copyOf(http.getRequestHeaders()),
                http.getRequestMethod(), new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(request);
        Reply reply;
        if (dynamic.containsKey(path)) {
            reply = dynamic.get(path).apply(request);
        } else {
            Queue<Reply> q = scripts.get(path);
            reply = q == null ? Reply.of(404, "no script for " + path) : q.poll();
            if (reply == null) {
                reply = last.get(path);
            }
        }
        try {
            if (reply.holdUntil() != null) {
                reply.holdUntil().await(10, TimeUnit.SECONDS);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> http.getResponseHeaders().add(k, v));
            http.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client aborted (attempt timeout): nothing to answer
        } finally {
            http.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
