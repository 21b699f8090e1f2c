package io.camelstable.jmx;

import java.util.function.Supplier;

import io.camelstable.limit.LimiterMetrics;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;

/** A shared rate or concurrency limiter over JMX. */
@ManagedResource(description = "camel-stable limiter")
public class ManagedLimiter {

    private final String kind;
    private final Supplier<LimiterMetrics> metrics;

    /**
     * @param kind    rate or concurrency
     * @param metrics reads the limiter's counters
     */
    public ManagedLimiter(String kind, Supplier<LimiterMetrics> metrics) {
        this.kind = kind;
        this.metrics = metrics;
    }

    /** @return rate or concurrency */
    @ManagedAttribute(description = "rate or concurrency")
    public String getKind() {
        return kind;
    }

    /** @return permits given */
    @ManagedAttribute(description = "Permits given")
    public long getGranted() {
        return metrics.get().granted();
    }

    /** @return callers that waited */
    @ManagedAttribute(description = "Callers that had to wait")
    public long getWaited() {
        return metrics.get().waited();
    }

    /** @return callers refused */
    @ManagedAttribute(description = "Callers refused because the queue was full")
    public long getRejected() {
        return metrics.get().rejected();
    }

    /** @return callers waiting now */
    @ManagedAttribute(description = "Callers waiting now")
    public int getQueueLength() {
        return metrics.get().queueLength();
    }
}
