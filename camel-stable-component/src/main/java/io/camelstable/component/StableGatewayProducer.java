package io.camelstable.component;

import java.util.concurrent.CompletableFuture;

import io.camelstable.gateway.GatewayExecutionException;
import io.camelstable.gateway.GatewayMetrics;
import io.camelstable.gateway.GatewayResult;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.URISupport;

/**
 * Runs the gateway with each exchange without holding the route's thread, and writes the result: the
 * {@link GatewayResult} as the body, the {@code CamelStableGateway*} headers and the
 * {@code CamelStableGatewayResult} property; a failed run fails the exchange with
 * {@link GatewayExecutionException} (carrying the result) unless {@code throwOnFailure=false}.
 */
public class StableGatewayProducer extends DefaultAsyncProducer {

    private final StableGatewayEndpoint endpoint;
    private final boolean throwOnFailure;
    private final ResultOnExchange write;

    /** @param endpoint the endpoint whose gateway runs */
    public StableGatewayProducer(StableGatewayEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.throwOnFailure = endpoint.getConfiguration().isThrowOnFailure();
        this.write = endpoint.getConfiguration().getResultOnExchange();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<GatewayResult> future;
        try {
            future = endpoint.getGateway().execute(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (future.isDone()) {
            reply(exchange, future.join());
            callback.done(true);
            return true;
        }
        future.whenComplete((result, never) -> {
            reply(exchange, result);
            callback.done(false);
        });
        return false;
    }

    private void reply(Exchange exchange, GatewayResult result) {
        try {
            Message message = exchange.getMessage();
            if (result.isSuccess() || !throwOnFailure) {
                message.setBody(result);
            } else {
                exchange.setException(new GatewayExecutionException("Gateway '" + result.getGatewayId() + "' failed: "
                        + result.getError(), result));
            }
            GatewayMetrics m = result.getMetrics();
            if (write == ResultOnExchange.HEADERS_AND_PROPERTY || write == ResultOnExchange.HEADERS) {
                message.setHeader(StableConstants.GATEWAY_SUCCESS, result.isSuccess());
                message.setHeader(StableConstants.GATEWAY_TOTAL, m.totalRequests());
                message.setHeader(StableConstants.GATEWAY_SUCCESSFUL, m.successfulRequests());
                message.setHeader(StableConstants.GATEWAY_FAILED, m.failedRequests());
                message.setHeader(StableConstants.GATEWAY_TIMED_OUT, result.isTimedOut());
                message.setHeader(StableConstants.EXECUTION_TIME, m.executionTime());
                if (result.getWinner() != null) {
                    message.setHeader(StableConstants.GATEWAY_WINNER, result.getWinner());
                }
            }
            if (write == ResultOnExchange.HEADERS_AND_PROPERTY || write == ResultOnExchange.PROPERTY) {
                exchange.setProperty(StableConstants.GATEWAY_RESULT, result);
            }
            if (m.validation() != null && !m.validation().valid()) {
                exchange.getContext().getManagementStrategy().notify(new GuardrailViolationEvent(exchange,
                        URISupport.sanitizeUri(endpoint.getEndpointUri()), m.validation()));
            }
        } catch (Exception e) {
            exchange.setException(e);
        }
    }
}
