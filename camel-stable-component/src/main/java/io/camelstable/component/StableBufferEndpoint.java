package io.camelstable.component;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.camelstable.buffer.BufferDefinition;
import io.camelstable.buffer.BufferTransaction;
import io.camelstable.buffer.JsonLinesLog;
import io.camelstable.buffer.NamedTransaction;
import io.camelstable.buffer.RecoveryResult;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.buffer.TransactionLogEntry;
import io.camelstable.buffer.TransactionRegistry;
import io.camelstable.cache.CachePolicy;
import io.camelstable.engine.Attempt;
import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;

/**
 * {@code stable:buffer:<id>?operation=...}: reads or changes the StableBuffer named {@code id}. The buffer is a
 * {@link StableBuffer} bean of that name, or one built from a {@link BufferDefinition} bean of that name, or
 * the buffer of that name other endpoints or Java code already use; failing all three, a new empty buffer.
 * Buffers do not retry: the engine's options do not apply, and giving one fails when the endpoint is created.
 */
public class StableBufferEndpoint extends StableEndpoint {

    /** The only options a buffer endpoint takes. */
    static final Set<String> OPTIONS = Set.of("operation", "transaction", "replayFile", "skipUnknownTransactions",
            "lazyStartProducer");

    private StableBuffer buffer;
    private BufferOperation operation;
    private BufferTransaction exchangeTransaction;
    private NamedTransaction namedTransaction;
    private String transactionName;

    StableBufferEndpoint(String uri, StableComponent component, StableConfiguration configuration) {
        super(uri, component, configuration);
    }

    /**
     * Refuses options of the other apis before Camel binds them, naming the ones a buffer takes.
     *
     * @throws InvalidOptionException for the first option that is not a buffer option
     */
    static void checkOptions(Map<String, Object> parameters) {
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            if (!OPTIONS.contains(p.getKey())) {
                throw new InvalidOptionException(p.getKey(), p.getValue(),
                        "no such option for stable:buffer, which takes operation, transaction, replayFile and"
                                                                          + " skipUnknownTransactions");
            }
        }
    }

    @Override
    void configure() {
        // no engine options: a buffer endpoint runs no attempts
        resolveTarget();
    }

    @Override
    protected void resolveTarget() {
        StableConfiguration config = getConfiguration();
        if (config.getOperation() == null) {
            throw new InvalidOptionException("operation", null, "transaction, read, snapshot, replay or restore");
        }
        operation = BufferOperation.of(config.getOperation());
        buffer = resolveBuffer(getTarget());
        if (operation == BufferOperation.TRANSACTION) {
            resolveTransaction(config.getTransaction());
        } else if (config.getTransaction() != null) {
            throw new InvalidOptionException("transaction", config.getTransaction(), "only with operation=transaction");
        }
        boolean recovery = operation == BufferOperation.REPLAY || operation == BufferOperation.RESTORE;
        if (config.getReplayFile() != null && !recovery) {
            throw new InvalidOptionException("replayFile", config.getReplayFile(), "only with operation=replay or restore");
        }
    }

    private StableBuffer resolveBuffer(String id) {
        return Buffers.resolve(getCamelContext(), getComponent().getSharedResources(), getComponent().getEngine(), id);
    }

    private void resolveTransaction(String value) {
        Set<String> registered = buffer.getConfig().transactions().names();
        String allowed = "a #bean implementing BufferTransaction or NamedTransaction, or a transaction registered with"
                         + " buffer '" + buffer.getName() + "': " + registered;
        if (value == null || value.isBlank()) {
            throw new InvalidOptionException("transaction", value, allowed);
        }
        if (value.startsWith("#")) {
            String beanName = value.startsWith("#bean:") ? value.substring(6) : value.substring(1);
            Object bean = getCamelContext().getRegistry().lookupByName(beanName);
            if (bean instanceof BufferTransaction t) {
                exchangeTransaction = t;
            } else if (bean instanceof NamedTransaction t) {
                namedTransaction = t;
                transactionName = beanName;
            } else {
                throw new InvalidOptionException("transaction", value, allowed);
            }
        } else if (registered.contains(value)) {
            transactionName = value;
        } else {
            throw new InvalidOptionException("transaction", value, allowed);
        }
    }

    /** Starts this endpoint's transaction for one exchange. */
    CompletableFuture<Object> transaction(Exchange exchange) {
        if (exchangeTransaction != null) {
            return buffer.transaction(state -> exchangeTransaction.apply(state, exchange));
        }
        Map<String, Object> parameters = parameters(exchange);
        return namedTransaction != null ? buffer.transaction(transactionName, namedTransaction, parameters)
                : buffer.transaction(transactionName, parameters);
    }

    /**
     * The header, else a map body, else the body under {@code body}. Headers are never taken wholesale: they
     * carry transport data and credentials that have no place in a transaction log (SPEC §4.2 #24).
     */
    private static Map<String, Object> parameters(Exchange exchange) {
        Object given = exchange.getMessage().getHeader(StableConstants.BUFFER_PARAMETERS);
        Object source = given != null ? given : exchange.getMessage().getBody();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (source instanceof Map<?, ?> map) {
            map.forEach((k, v) -> parameters.put(String.valueOf(k), v));
        } else if (source != null) {
            parameters.put("body", source);
        }
        return parameters;
    }

    /** Starts this endpoint's replay or restore of the log in the replayFile option or the body. */
    CompletableFuture<RecoveryResult> recover(Exchange exchange) {
        List<TransactionLogEntry> log = log(exchange);
        if (operation == BufferOperation.RESTORE) {
            return buffer.restore(log);
        }
        // the buffer's own names first, then NamedTransaction beans by their bean names
        Map<String, NamedTransaction> names = new LinkedHashMap<>(
                getCamelContext().getRegistry().findByTypeWithName(NamedTransaction.class));
        TransactionRegistry own = buffer.getConfig().transactions();
        own.names().forEach(n -> names.put(n, own.get(n)));
        return buffer.replay(log, TransactionRegistry.of(names), getConfiguration().isSkipUnknownTransactions());
    }

    @SuppressWarnings("unchecked")
    private List<TransactionLogEntry> log(Exchange exchange) {
        if (getConfiguration().getReplayFile() != null) {
            return JsonLinesLog.read(Path.of(getConfiguration().getReplayFile()));
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && list.stream().allMatch(TransactionLogEntry.class::isInstance)) {
            return (List<TransactionLogEntry>) list;
        }
        String text = exchange.getMessage().getBody(String.class);
        if (text == null) {
            throw new IllegalArgumentException("stable:buffer:" + buffer.getName() + "?operation="
                                               + operation.name().toLowerCase() + " needs a log: the replayFile option, or"
                                               + " a body with a list of TransactionLogEntry or JSON Lines text");
        }
        return JsonLinesLog.parse(text);
    }

    @Override
    protected CachePolicy createCachePolicy() {
        throw new UnsupportedOperationException("stable:buffer endpoints do not cache");
    }

    @Override
    protected Attempt createAttempt() {
        throw new UnsupportedOperationException("stable:buffer endpoints run no attempts");
    }

    @Override
    public Producer createProducer() {
        return new StableBufferProducer(this);
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }

    /** @return the buffer this endpoint uses */
    public StableBuffer getBuffer() {
        return buffer;
    }

    BufferOperation operation() {
        return operation;
    }
}
