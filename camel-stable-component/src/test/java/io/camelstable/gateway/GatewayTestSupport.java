package io.camelstable.gateway;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelstable.function.FunctionInvoker;
import io.camelstable.testing.ScriptedHttpServer;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs gateways built in Java on the test's context, with a scripted HTTP server on 127.0.0.1 per test class, and
 * the functions the gateway tests share.
 */
abstract class GatewayTestSupport extends CamelTestSupport {

    static ScriptedHttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new ScriptedHttpServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Builds, runs once with the body, waits for the result and closes the gateway. */
    GatewayResult run(GatewayDefinition definition, Object body) throws Exception {
        try (Gateway gateway = definition.build(context)) {
            return gateway.execute(body).get(30, TimeUnit.SECONDS);
        }
    }

    /** A function that always fails with the message. */
    static FunctionInvoker failing(String message) {
        return (exchange, args) -> {
            throw new IllegalStateException(message);
        };
    }

    /**
     * A function that counts {@code running} down, then blocks until the test opens {@code release} (it returns
     * "late") or its thread is interrupted (it records that and rethrows).
     */
    static FunctionInvoker blocking(CountDownLatch running, CountDownLatch release, AtomicBoolean interrupted) {
        return (exchange, args) -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
                return "late";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        };
    }

    /** A function that waits for {@code go} (at most 30 s), then returns its value. */
    static FunctionInvoker after(CountDownLatch go, Object value) {
        return (exchange, args) -> {
            go.await(30, TimeUnit.SECONDS);
            return value;
        };
    }
}
