package io.camelstable.buffer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.camelstable.guardrail.MetricGuardrail;
import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.policy.InvalidOptionException;

/**
 * How a buffer behaves; immutable, built by {@link #builder()}. Two buffers with the same name must have equal
 * configurations (see {@code SharedResources#buffer}).
 *
 * @param initialState         the state before the first transaction (deep-frozen)
 * @param transactionTimeoutMs how long a transaction may take from its submission, queue time included; 0 for
 *                             no limit. A queued one that passes it is removed and never runs; a running one is
 *                             interrupted and its changes are discarded
 * @param logSink              where committed transactions are logged, or null for nowhere
 * @param copier               how the working copy of a transaction is made
 * @param transactions         the named transactions {@code transaction(name, parameters)} and replays can run
 * @param guardrails           bounds on the buffer's metrics, by the names of {@link BufferMetrics#GUARDRAIL_METRICS}
 */
public record BufferConfig(Map<String, Object> initialState, long transactionTimeoutMs, TransactionLogSink logSink,
        StateCopier copier, TransactionRegistry transactions, Map<String, MetricGuardrail> guardrails) {

    /** An empty state, no timeout, no log, deep copies, no named transactions, no guardrails. */
    public static final BufferConfig DEFAULT = builder().build();

    /** Validates and freezes. */
    public BufferConfig {
        initialState = DeepState.freeze(Objects.requireNonNullElse(initialState, Map.of()));
        InvalidOptionException.requireAtLeast("transactionTimeout", transactionTimeoutMs, 0);
        copier = Objects.requireNonNullElse(copier, StateCopier.DEEP);
        transactions = Objects.requireNonNullElse(transactions, TransactionRegistry.EMPTY);
        guardrails = new MetricsGuardrails(Objects.requireNonNullElse(guardrails, Map.of()),
                BufferMetrics.GUARDRAIL_METRICS).guardrails();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.initialState = initialState;
        b.transactionTimeoutMs = transactionTimeoutMs;
        b.logSink = logSink;
        b.copier = copier;
        b.transactions = transactions;
        b.guardrails = guardrails;
        return b;
    }

    /** Builds a {@link BufferConfig}; each setter replaces the earlier value. */
    public static final class Builder {

        private Map<String, Object> initialState = Map.of();
        private long transactionTimeoutMs;
        private TransactionLogSink logSink;
        private StateCopier copier = StateCopier.DEEP;
        private TransactionRegistry transactions = TransactionRegistry.EMPTY;
        private Map<String, MetricGuardrail> guardrails = Map.of();

        private Builder() {
        }

        /** @param v the state before the first transaction (copied) */
        public Builder initialState(Map<String, ?> v) {
            initialState = DeepState.freeze(v);
            return this;
        }

        /** @param v the timeout from submission, 0 for none */
        public Builder transactionTimeout(Duration v) {
            transactionTimeoutMs = v.toMillis();
            return this;
        }

        /** @param v the timeout from submission in milliseconds, 0 for none */
        public Builder transactionTimeoutMs(long v) {
            transactionTimeoutMs = v;
            return this;
        }

        /** @param v where committed transactions are logged */
        public Builder logSink(TransactionLogSink v) {
            logSink = v;
            return this;
        }

        /** @param v how working copies are made */
        public Builder copier(StateCopier v) {
            copier = v;
            return this;
        }

        /** @param v the named transactions */
        public Builder transactions(TransactionRegistry v) {
            transactions = v;
            return this;
        }

        /** Registers one more named transaction. */
        public Builder transaction(String name, NamedTransaction v) {
            transactions = transactions.with(name, v);
            return this;
        }

        /** @param v bounds on the metrics, by name */
        public Builder guardrails(Map<String, MetricGuardrail> v) {
            guardrails = v;
            return this;
        }

        /** @return the validated configuration */
        public BufferConfig build() {
            return new BufferConfig(initialState, transactionTimeoutMs, logSink, copier, transactions, guardrails);
        }
    }
}
