package io.camelstable.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.camelstable.guardrail.ValidationResult;
import io.camelstable.result.AttemptLogEntry;
import io.camelstable.result.AttemptRecord;

/**
 * What an execution needs beyond a first-attempt success: every attempt's record, logs, the failure,
 * hook buffers, cache and guardrail state, timeout handles. Allocated only when one of those is needed,
 * so the happy path costs one small object (measured: 248 B per execution with these fields inline).
 */
final class ExecutionDetails {

    List<AttemptRecord> records;
    List<AttemptLogEntry> errorLogs;
    List<AttemptLogEntry> successLogs;
    Map<String, Object> commonBuffer;
    Throwable lastError;
    Throwable failure;
    String errorMessage;
    /** The latest accepted raw value, once the details exist (see Execution#valueOrDetails). */
    Object raw;
    /** The Java API's arguments when an exchange was given too. */
    Object arguments;
    /** The current attempt's start, once it differs from the execution's (a retry, a permit wait, a hook). */
    long attemptStartNanos;
    Object cacheKey;
    ValidationResult validation;
    /** Written by the thread starting an attempt, read by a canceller: volatile on both sides (see Execution#cancel). */
    volatile Cancellable inFlight = Cancellable.NONE;
    /** Set once by {@link Execution#cancel()}; read by the execution's own thread before and after each attempt. */
    volatile boolean cancelled;
    /** Created through {@link StableEngine#executeCancellable}: attempts run where they can be interrupted. */
    boolean cancellable;
    Cancellable timeoutTask = Cancellable.NONE;
    int successes;
    long lastDelay;
    long attemptTimeSum;
    boolean suppressed;

    void record(AttemptRecord r, int expectedAttempts) {
        if (records == null) {
            records = new ArrayList<>(Math.max(2, expectedAttempts));
        }
        records.add(r);
    }

    void setDelayOfLastRecord(long delay) {
        int last = records.size() - 1;
        records.set(last, records.get(last).withDelayAfter(delay));
    }

    static <E> List<E> add(List<E> list, E e) {
        List<E> l = list == null ? new ArrayList<>() : list;
        l.add(e);
        return l;
    }
}
