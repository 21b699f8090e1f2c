package io.camelstable.buffer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.camelstable.guardrail.MetricsGuardrails;

/** A buffer's counters, cheap to update from any thread; {@link #snapshot} turns them into {@link BufferMetrics}. */
final class BufferCounters {

    final AtomicInteger queued = new AtomicInteger();
    final LongAdder committed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder started = new LongAdder();
    final LongAdder waitNanos = new LongAdder();
    final LongAdder ranToEnd = new LongAdder();
    final LongAdder runNanos = new LongAdder();

    void started(long waitedNanos) {
        started.increment();
        waitNanos.add(waitedNanos);
    }

    void ran(long nanos) {
        ranToEnd.increment();
        runNanos.add(nanos);
    }

    BufferMetrics snapshot(String name, MetricsGuardrails guardrails, long nowEpochMs) {
        long c = committed.sum();
        long f = failed.sum();
        long t = timedOut.sum();
        long s = started.sum();
        long r = ranToEnd.sum();
        BufferMetrics m = new BufferMetrics(name, c + f + t, c, f, t, queued.get(),
                s == 0 ? 0 : waitNanos.sum() / 1e6 / s, r == 0 ? 0 : runNanos.sum() / 1e6 / r, null);
        if (guardrails == null) {
            return m;
        }
        return new BufferMetrics(name, m.totalTransactions(), c, f, t, m.queueLength(), m.averageQueueWaitMs(),
                m.averageDurationMs(), guardrails.validate(m.values(), nowEpochMs));
    }
}
