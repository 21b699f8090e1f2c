package io.camelstable.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener is told exactly once, and with {@code doneSync=true} only in the thread that called
 * {@code execute} before it returned (Camel's AsyncProcessor contract): also when the attempt reports from
 * another thread while {@code execute} is still running.
 */
class CompletionHandOverTest {

    private final StableEngine engine = StableEngine.standalone(2);

    private record Told(Thread thread, boolean doneSync, Object raw) {
    }

    private final List<Told> told = new ArrayList<>();

    private synchronized void record(Object raw, boolean doneSync) {
        told.add(new Told(Thread.currentThread(), doneSync, raw));
    }

    @Test
    void anEndInAnotherThreadDuringExecuteIsToldInTheCallersThread() throws Exception {
        Attempt reportsFromElsewhereAndWaits = (context, callback) -> {
            Thread reporter = new Thread(() -> callback.succeeded(1, "elsewhere", 0), "reporter");
            reporter.start();
            try {
                reporter.join(10_000); // the test's attempt blocks on purpose: execute() is still running
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Cancellable.NONE;
        };
        boolean ended = engine.execute(ExecutionOptions.builder().build(), reportsFromElsewhereAndWaits, null, "x", null,
                (r, raw, raise, exchange, token, doneSync) -> record(raw, doneSync));

        assertThat(ended).isTrue();
        assertThat(told).containsExactly(new Told(Thread.currentThread(), true, "elsewhere"));
    }

    @Test
    void anEndAfterExecuteReturnedIsToldThereNotSynchronously() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch toldLatch = new CountDownLatch(1);
        Attempt reportsLater = (context, callback) -> {
            new Thread(() -> {
                try {
                    returned.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                callback.succeeded(1, "later", 0);
            }, "late-reporter").start();
            return Cancellable.NONE;
        };
        boolean ended = engine.execute(ExecutionOptions.builder().build(), reportsLater, null, "x", null,
                (r, raw, raise, exchange, token, doneSync) -> {
                    record(raw, doneSync);
                    toldLatch.countDown();
                });
        returned.countDown();

        assertThat(ended).isFalse();
        assertThat(toldLatch.await(10, TimeUnit.SECONDS)).isTrue();
        synchronized (this) {
            assertThat(told).hasSize(1);
            assertThat(told.get(0).doneSync()).isFalse();
            assertThat(told.get(0).thread().getName()).isEqualTo("late-reporter");
        }
    }
}
