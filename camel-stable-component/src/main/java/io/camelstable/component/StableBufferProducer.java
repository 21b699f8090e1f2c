package io.camelstable.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Runs a {@code stable:buffer} operation. Reads answer at once; a transaction, replay or restore returns
 * without holding the route's thread, and the route goes on when the buffer completes it.
 */
public class StableBufferProducer extends DefaultAsyncProducer {

    private final StableBufferEndpoint endpoint;

    /** @param endpoint the endpoint whose buffer and operation apply */
    public StableBufferProducer(StableBufferEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<?> future;
        try {
            future = switch (endpoint.operation()) {
                case READ -> CompletableFuture.completedFuture(endpoint.getBuffer().read());
                case SNAPSHOT -> CompletableFuture.completedFuture(endpoint.getBuffer().snapshot());
                case TRANSACTION -> endpoint.transaction(exchange);
                case REPLAY, RESTORE -> endpoint.recover(exchange);
            };
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (future.isDone()) {
            future.whenComplete((value, failure) -> reply(exchange, value, failure)); // runs now, in this thread
            callback.done(true);
            return true;
        }
        future.whenComplete((value, failure) -> {
            reply(exchange, value, failure);
            callback.done(false);
        });
        return false;
    }

    private static void reply(Exchange exchange, Object value, Throwable failure) {
        if (failure == null) {
            exchange.getMessage().setBody(value);
        } else {
            exchange.setException(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
        }
    }
}
