package io.camelstable.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.camelstable.component.StableComponent;
import io.camelstable.engine.ExecutionOptions;
import io.camelstable.engine.ForwardingAttempt;
import io.camelstable.request.DelegateAttempt;
import io.camelstable.request.HttpDelegates;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The seed's {@code stableRequest} as a Java API: any Camel producer URI (HTTP first of all) called through
 * the same engine as {@code stable:request}, without writing a route. Create once and reuse: it holds a
 * started producer; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (StableRequest users = StableRequest.to(context, "http://127.0.0.1:8080/users/1")
 *         .with(o -> o.attempts(3).waitMillis(200))) {
 *     StableResult<String> r = users.execute(null, Map.of(), String.class);
 * }
 * }</pre>
 */
public final class StableRequest implements AutoCloseable {

    private final CamelContext context;
    private final String uri;
    private final ExecutionOptions options;
    private final Endpoint endpoint;
    private final AsyncProducer producer;
    private final DelegateAttempt attempt;

    private StableRequest(CamelContext context, String uri, ExecutionOptions options) throws Exception {
        this.context = context;
        this.uri = uri;
        this.options = options;
        this.endpoint = HttpDelegates.resolve(context, HttpDelegates.withTimeouts(uri, options.attemptTimeout()));
        ServiceHelper.startService(endpoint);
        this.producer = endpoint.createAsyncProducer();
        this.attempt = new DelegateAttempt(producer);
        ServiceHelper.startService(attempt);
    }

    /**
     * @param  context the Camel context that resolves the URI
     * @param  uri     the delegate URI with its own options
     * @return         a request with the seed's defaults (one attempt)
     */
    public static StableRequest to(CamelContext context, String uri) {
        return create(context, uri, ExecutionOptions.builder().build());
    }

    private static StableRequest create(CamelContext context, String uri, ExecutionOptions options) {
        try {
            return new StableRequest(context, uri, options);
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot create a producer for " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param  change edits a builder holding the current options
     * @return        a new request with the changed options (this one keeps running until closed)
     */
    public StableRequest with(Consumer<ExecutionOptions.Builder> change) {
        ExecutionOptions.Builder b = options.toBuilder();
        change.accept(b);
        ExecutionOptions changed = b.build();
        close();
        return create(context, uri, changed);
    }

    /** @return the options in force */
    public ExecutionOptions options() {
        return options;
    }

    /**
     * @param  <T>     the body type wanted
     * @param  body    the request body, may be null
     * @param  headers request headers (for HTTP, {@code CamelHttpMethod} chooses the method)
     * @param  type    the body type wanted, converted by Camel
     * @return         completes with the result; fails with {@link StableExecutionException} when the execution
     *                 failed and {@code throwOnFailure} is on
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<StableResult<T>> executeAsync(Object body, Map<String, Object> headers, Class<T> type) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        if (headers != null) {
            exchange.getMessage().getHeaders().putAll(headers);
        }
        return context.getComponent("stable", StableComponent.class).getEngine()
                .execute(options, new Typed(attempt, type), exchange, null).thenApply(r -> (StableResult<T>) r);
    }

    /**
     * Runs the execution and waits for it in the caller's thread (the engine itself never blocks).
     *
     * @param  <T>     the body type wanted
     * @param  body    the request body, may be null
     * @param  headers request headers
     * @param  type    the body type wanted
     * @return         the result
     */
    public <T> StableResult<T> execute(Object body, Map<String, Object> headers, Class<T> type) {
        return SharedEngine.join(executeAsync(body, headers, type));
    }

    @Override
    public void close() {
        ServiceHelper.stopService(attempt);
        if (!context.getEndpointRegistry().containsValue(endpoint)) {
            ServiceHelper.stopService(endpoint);
        }
    }

    /** Converts the response body to the wanted type. */
    private static final class Typed extends ForwardingAttempt {
        private final Class<?> type;

        Typed(DelegateAttempt attempt, Class<?> type) {
            super(attempt);
            this.type = type;
        }

        @Override
        public Object dataOf(Object raw) {
            return raw instanceof Exchange e ? e.getMessage().getBody(type) : raw;
        }
    }
}
