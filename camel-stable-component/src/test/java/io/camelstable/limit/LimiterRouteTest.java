package io.camelstable.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.component.StableComponent;
import io.camelstable.result.AttemptStatus;
import io.camelstable.component.StableConstants;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import io.camelstable.testing.ScriptedHttpServer;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import io.camelstable.testing.ScriptedHttpServer.Seen;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate and concurrency limits on real routes, measured where the calls arrive. */
class LimiterRouteTest extends CamelTestSupport {

    static ScriptedHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ScriptedHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Sends {@code n} exchanges from {@code n} threads at once (camel-http blocks its caller) and returns them
     * once {@code expected} of them have completed.
     */
    private List<Exchange> sendAll(String uri, int n, int expected) throws Exception {
        AsyncProcessor producer = AsyncProcessorConverterHelper.convert(context.getEndpoint(uri).createProducer());
        ServiceHelper.startService(producer);
        CountDownLatch done = new CountDownLatch(expected);
        List<Exchange> exchanges = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                Exchange e = new DefaultExchange(context);
                exchanges.add(e);
                callers.execute(() -> producer.process(e, sync -> done.countDown()));
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            callers.shutdown();
        }
        return exchanges;
    }

    @Test
    void noMoreThanMaxRequestsStartWithinAnyWindow() throws Exception {
        server.script("/rated", Reply.of(200, "ok"));
        server.script("/warm-up", Reply.of(200, "ok"));
        template.requestBody(server.url() + "/warm-up", (Object) null); // load the HTTP client before measuring
        int max = 5;
        long windowMs = 500;
        List<Exchange> out = sendAll("stable:request:" + server.url() + "/rated?rateLimitMaxRequests=" + max
                + "&rateLimitWindow=" + windowMs, 18, 18);
        assertThat(out).allMatch(e -> e.getException() == null);
        // where the limiter decides: the engine's recorded start of each call
        List<Long> starts = out.stream().map(e -> (StableResult<?>) e.getProperty(StableConstants.RESULT, StableResult.class))
                .map(r -> r.getAttempts().get(0).timestamp()).sorted().toList();
        for (int i = 0; i + max < starts.size(); i++) {
            assertThat(starts.get(i + max) - starts.get(i)).as("starts %d..%d", i, i + max)
                    .isGreaterThanOrEqualTo(windowMs - 1); // wall-clock milliseconds round
        }
        // where the calls arrive
        List<Seen> seen = server.seen("/rated");
        assertThat(seen).hasSize(18);
        // any max+1 consecutive arrivals span at least a window, less 10% for the client's connection pool and
        // transit (a fixed-window limiter would let 2 x max arrive within milliseconds)
        for (int i = 0; i + max < seen.size(); i++) {
            long spanMs = TimeUnit.NANOSECONDS.toMillis(seen.get(i + max).nanoTime() - seen.get(i).nanoTime());
            assertThat(spanMs).as("arrivals %d..%d", i, i + max).isGreaterThanOrEqualTo(windowMs - windowMs / 10);
        }
    }

    @Test
    void aThousandCallersWaitingForARateLimiterHoldNoThreads() throws Exception {
        context.getRegistry().bind("echo", (java.util.function.Function<Object, Object>) b -> b);
        AsyncProcessor producer = AsyncProcessorConverterHelper.convert(
                context.getEndpoint("stable:function:echo?rateLimitMaxRequests=1&rateLimitWindow=60000").createProducer());
        ServiceHelper.startService(producer);
        AtomicInteger completed = new AtomicInteger();
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Exchange e = new DefaultExchange(context);
            exchanges.add(e);
            producer.process(e, sync -> completed.incrementAndGet());
        }
        StableRateLimiter limiter = context.getComponent("stable", StableComponent.class).getSharedResources()
                .rateLimiters().iterator().next();
        assertThat(completed.get()).isEqualTo(1);
        assertThat(limiter.getMetrics().queueLength()).isEqualTo(999);
        assertThat(java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount()).isLessThan(64);
        // stopping does not strand them: every waiting exchange ends, with a clear failure
        context.stop();
        assertThat(completed.get()).isEqualTo(1000);
        assertThat(exchanges.stream().filter(e -> e.getException() != null)).hasSize(999)
                .allSatisfy(e -> assertThat(e.getException()).hasStackTraceContaining("stopped while the exchange was waiting"));
    }

    @Test
    void aFullRateQueueRefusesClearly() throws Exception {
        server.script("/burst", Reply.of(200, "ok"));
        // 2 start, 3 wait (a minute, not awaited here), 5 are refused at once
        List<Exchange> out = sendAll("stable:request:" + server.url() + "/burst?rateLimitMaxRequests=2&rateLimitWindow=60000"
                + "&rateLimitQueueSize=3", 10, 7);
        List<Exchange> refused = out.stream().filter(e -> e.getException() != null).toList();
        assertThat(refused).hasSize(5);
        assertThat(server.seen("/burst")).hasSize(2);
        StableExecutionException failure = refused.get(0).getException(StableExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("wait queue of 3 is full");
        assertThat(failure.getResult().getAttempts().get(0).status()).isEqualTo(AttemptStatus.NOT_PERMITTED);
        context.stop(); // the three waiting a minute end with a failure
    }

    @Test
    void concurrencyIsBoundedAtTheServerAndSharedByName() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch slowStart = new CountDownLatch(1);
        server.respond("/busy", req -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                slowStart.await(50, TimeUnit.MILLISECONDS); // hold each call briefly so callers overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return Reply.of(200, "ok");
        });
        String first = "stable:request:" + server.url() + "/busy?concurrencyLimiter=backend&maxConcurrentRequests=2";
        String second = "stable:request:" + server.url() + "/busy?concurrencyLimiter=backend&httpMethod=GET";
        List<Exchange> exchanges = new ArrayList<>(sendAll(first, 6, 6));
        exchanges.addAll(sendAll(second, 6, 6));
        assertThat(exchanges).allMatch(e -> e.getException() == null);
        assertThat(server.seen("/busy")).hasSize(12);
        assertThat(maxInFlight.get()).isEqualTo(2);
        StableConcurrencyLimiter limiter = context.getComponent("stable", StableComponent.class).getSharedResources()
                .concurrencyLimiter("backend", 0, 0, null);
        assertThat(limiter.getRunning()).isZero();
        assertThat(limiter.getMetrics().waited()).isPositive();
    }

    @Test
    void aFullConcurrencyQueueRefusesClearly() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            server.script("/held", Reply.of(200, "ok").heldBy(release));
            String uri = "stable:request:" + server.url() + "/held?maxConcurrentRequests=1&concurrencyQueueSize=1";
            AsyncProcessor p = AsyncProcessorConverterHelper.convert(context.getEndpoint(uri).createProducer());
            ServiceHelper.startService(p);
            CountDownLatch third = new CountDownLatch(1);
            Exchange refused = new DefaultExchange(context);
            // the first call blocks the caller thread (camel-http is synchronous), so send from other threads
            Thread t1 = new Thread(() -> p.process(new DefaultExchange(context), s -> { }));
            t1.start();
            org.awaitility.Awaitility.await().until(() -> server.seen("/held").size() == 1);
            Thread t2 = new Thread(() -> p.process(new DefaultExchange(context), s -> { }));
            t2.start();
            org.awaitility.Awaitility.await().until(() -> context.getComponent("stable", StableComponent.class)
                    .getSharedResources().concurrencyLimiters().iterator().next().getMetrics().queueLength() == 1);
            p.process(refused, s -> third.countDown());
            assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.getException(StableExecutionException.class).getCause())
                    .isInstanceOf(LimitExceededException.class).hasMessageContaining("1 calls in flight");
            release.countDown();
            t1.join(5000);
            t2.join(5000);
            ServiceHelper.stopService(p);
        } finally {
            release.countDown();
        }
    }
}
