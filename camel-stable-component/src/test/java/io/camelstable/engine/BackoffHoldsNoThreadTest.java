package io.camelstable.engine;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.component.StableComponent;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 exchanges wait in backoff at once through a real stable: endpoint, and the JVM's thread count
 * stays small: a waiting exchange costs a scheduled task, not a thread (DESIGN §9b measured Camel's own
 * redelivery failing 9,000 of 10,000 here).
 */
class BackoffHoldsNoThreadTest extends CamelTestSupport {

    private static final int EXCHANGES = 1000;
    private final AtomicInteger firstAttempts = new AtomicInteger();
    private final AtomicInteger secondAttempts = new AtomicInteger();

    private final java.util.Set<Object> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("flakyOnce", (java.util.function.Function<Object, Object>) body -> {
            if (failedOnce.add(body)) {
                firstAttempts.incrementAndGet();
                throw new IllegalStateException("first attempt of " + body + " fails");
            }
            secondAttempts.incrementAndGet();
            return body;
        });
    }

    @Test
    void thousandExchangesWaitWithoutThreads() throws Exception {
        context.getComponent("stable", StableComponent.class).setWorkerPoolSize(8);
        AsyncProcessor producer = AsyncProcessorConverterHelper.convert(
                context.getEndpoint("stable:function:flakyOnce?attempts=2&wait=3000").createProducer());
        org.apache.camel.support.service.ServiceHelper.startService(producer);
        CountDownLatch done = new CountDownLatch(EXCHANGES);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < EXCHANGES; i++) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(i);
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        // every exchange has failed its first attempt and is now waiting for its second
        assertThat(firstAttempts.get()).isEqualTo(EXCHANGES);
        int threadsWhileWaiting = ManagementFactory.getThreadMXBean().getThreadCount();
        int stillWaiting = EXCHANGES - secondAttempts.get();
        assertThat(stillWaiting).isGreaterThan(EXCHANGES / 2);
        assertThat(threadsWhileWaiting).as("live threads with %d exchanges in backoff", stillWaiting).isLessThan(64);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.get()).isZero();
        assertThat(secondAttempts.get()).isEqualTo(EXCHANGES);
        org.apache.camel.support.service.ServiceHelper.stopService(producer);
    }
}
