package io.camelstable.buffer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.util.TimeUtils;

/**
 * A buffer declared as a bean with setters, for Camel Main properties and YAML beans, for example
 * {@code camel.beans.orders=#class:io.camelstable.buffer.BufferDefinition},
 * {@code camel.beans.orders.initialStateJson={"count":0}} and {@code camel.beans.orders.logFile=data/orders.jsonl}.
 * Endpoints {@code stable:buffer:orders} share the one buffer built from it, on the component's threads.
 * Property binding turns the entries of {@code initialState} into text ({@code initialState[count]=0} is the
 * string "0"); {@code initialStateJson} keeps numbers and booleans as such.
 */
public class BufferDefinition {

    // mutable maps with getters: Camel's property binding fills map properties entry by entry
    private Map<String, Object> initialState = new LinkedHashMap<>();
    private long transactionTimeoutMs;
    private String logFile;
    private boolean forceToDisk;
    private TransactionLogSink logSink;
    private StateCopier copier;
    private Map<String, Object> transactions = new LinkedHashMap<>();
    private Map<String, Object> guardrail = new LinkedHashMap<>();

    /** Starts from the defaults: empty state, no timeout, no log. */
    public BufferDefinition() {
    }

    /**
     * @return                        the validated configuration (equal for equal settings, so building it twice
     *                                for the same name is no conflict)
     * @throws InvalidOptionException naming a bad setting
     */
    public BufferConfig toConfig() {
        return toConfig(name -> null);
    }

    /**
     * @param  beans                  looks up a bean by name, for transactions given as {@code #name} (property
     *                                binding leaves such map values as text)
     * @return                        the validated configuration
     * @throws InvalidOptionException naming a bad setting
     */
    public BufferConfig toConfig(Function<String, Object> beans) {
        if (logFile != null && logSink != null) {
            throw new InvalidOptionException("logFile", logFile, "either logFile or logSink, not both");
        }
        Map<String, NamedTransaction> named = new LinkedHashMap<>();
        transactions.forEach((name, value) -> {
            Object tx = value instanceof String ref && ref.startsWith("#")
                    ? beans.apply(ref.startsWith("#bean:") ? ref.substring(6) : ref.substring(1)) : value;
            if (!(tx instanceof NamedTransaction t)) {
                throw new InvalidOptionException("transactions." + name, value,
                        "a NamedTransaction, or #name of a NamedTransaction bean");
            }
            named.put(name, t);
        });
        return BufferConfig.builder().initialState(initialState).transactionTimeoutMs(transactionTimeoutMs)
                .logSink(logFile != null ? new JsonLinesFileSink(Path.of(logFile), forceToDisk) : logSink)
                .copier(copier).transactions(TransactionRegistry.of(named))
                .guardrails(MetricsGuardrails.fromProperties(guardrail, BufferMetrics.GUARDRAIL_METRICS).guardrails())
                .build();
    }

    /**
     * @param  v                      the state before the first transaction as a JSON object, whose numbers and
     *                                booleans stay numbers and booleans
     * @throws InvalidOptionException when it is no JSON object
     */
    public void setInitialStateJson(String v) {
        try {
            initialState = new LinkedHashMap<>(JsonLinesLog.parseObject(v));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("initialStateJson", v, "a JSON object such as {\"count\": 0}");
        }
    }

    /** @return the state before the first transaction (mutable, for property binding) */
    public Map<String, Object> getInitialState() {
        return initialState;
    }

    /** @param v the state before the first transaction */
    public void setInitialState(Map<String, Object> v) {
        initialState = new LinkedHashMap<>(v);
    }

    /** @param v the timeout from submission, in milliseconds or as a duration such as 500ms or 2s; 0 for none */
    public void setTransactionTimeout(String v) {
        try {
            transactionTimeoutMs = TimeUtils.toMilliSeconds(v.trim());
        } catch (RuntimeException e) {
            throw new InvalidOptionException("transactionTimeout", v, "milliseconds or a duration such as 500ms or 2s");
        }
    }

    /** @param v a JSON Lines file each commit is appended to (see {@link JsonLinesFileSink}) */
    public void setLogFile(String v) {
        logFile = v;
    }

    /** @param v with logFile: force every line to the device */
    public void setForceToDisk(boolean v) {
        forceToDisk = v;
    }

    /** @param v a sink of your own for the transaction log */
    public void setLogSink(TransactionLogSink v) {
        logSink = v;
    }

    /** @param v how working copies are made (default: deep copies of maps, lists and sets) */
    public void setCopier(StateCopier v) {
        copier = v;
    }

    /** @return the named transactions (mutable, for property binding) */
    public Map<String, Object> getTransactions() {
        return transactions;
    }

    /** @param v named transactions by the name the log records: NamedTransaction objects or #bean references */
    public void setTransactions(Map<String, ?> v) {
        transactions = new LinkedHashMap<>(v);
    }

    /** @return the guardrails as flat properties (mutable, for property binding) */
    public Map<String, Object> getGuardrail() {
        return guardrail;
    }

    /** @param v guardrails as {@code <metric>.<min|max|expected|tolerance>} to a number */
    public void setGuardrail(Map<String, Object> v) {
        guardrail = new LinkedHashMap<>(v);
    }
}
